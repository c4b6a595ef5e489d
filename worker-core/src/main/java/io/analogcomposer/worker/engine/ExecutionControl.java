package io.analogcomposer.worker.engine;

import java.util.Map;

/** What an executor reports to, and asks of, the runtime while a job runs. Called on the job's thread. */
public interface ExecutionControl {

    /** True once the job should stop at the next batch boundary (cancelled, or the worker is shutting down). */
    boolean stopRequested();

    /**
     * A training epoch finished.
     *
     * @param step 0-based epoch
     * @param totalSteps epochs of the run
     * @param metrics AIHWKit's names (accuracy as a fraction, train_loss, valid_loss, time_epoch); finite values only
     */
    void epochFinished(int step, int totalSteps, Map<String, Double> metrics);

    /** An inference time was evaluated over {@code repetitionsDone} repetitions. */
    void inferenceTimeEvaluated(int index, int times, double tInference, int repetitionsDone,
            Map<String, Double> metrics);

    /** How much of the job is done, 0..1, finer than steps (e.g. per batch); used to decide on shutdown. */
    void progressed(double fraction);

    /** The training state an earlier attempt of this run saved, or null to start from the first epoch. */
    default byte[] savedTrainingState() {
        return null;
    }

    /**
     * Saves the training state after {@code epochsDone} epochs if a save is due, or at once with {@code force};
     * {@code state} is only called when saving. Returns whether it was saved.
     */
    default boolean saveTrainingState(int epochsDone, java.util.function.Supplier<byte[]> state, boolean force) {
        return false;
    }

    /**
     * Whether the job is training in a session that can be saved: on shutdown it may then finish its epoch, save
     * and be handed back, instead of stopping at the next batch.
     */
    default void trainingResumable(boolean resumable) {
    }

    /** True when the worker wants the job back (shutting down): a training session saves and stops at its epoch end. */
    default boolean handBackRequested() {
        return false;
    }
}
