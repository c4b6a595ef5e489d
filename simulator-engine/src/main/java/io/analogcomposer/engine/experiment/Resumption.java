package io.analogcomposer.engine.experiment;

import java.util.List;
import java.util.function.Supplier;

/**
 * How a training session is saved at epoch boundaries and continued by a later attempt (a worker's checkpoints of a
 * run): the runner asks for the saved state before training, and offers its state after every epoch.
 */
public interface Resumption {

    /** Keeps nothing and resumes nothing. */
    Resumption NONE = new Resumption() {
        @Override
        public byte[] saved() {
            return null;
        }

        @Override
        public boolean afterEpoch(int epochsDone, int epochs, Supplier<byte[]> state) {
            return false;
        }
    };

    /** The state an earlier attempt of this run saved, or null to start from the first epoch. */
    byte[] saved();

    /**
     * An epoch ended and another follows. {@code state} captures the whole session (costly: only call it to save);
     * it is null when the session cannot be saved. Returns true to stop here, e.g. to hand the job to another
     * worker, which continues from the state saved now.
     */
    boolean afterEpoch(int epochsDone, int epochs, Supplier<byte[]> state);

    /** The runner could not use the saved state (another experiment's, damaged) and starts from the first epoch. */
    default void savedStateRefused(String why) {
    }

    /** What makes this session impossible to save (empty: everything is captured). */
    default void notResumable(List<String> parts) {
    }
}
