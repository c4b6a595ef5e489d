package io.analogcomposer.engine.experiment;

/** Asked between batches whether the run should stop; cooperative, so a cancelled run ends at a batch boundary. */
@FunctionalInterface
public interface CancellationToken {
    /** Never cancels. */
    CancellationToken NONE = () -> false;

    /** True once the run should stop. */
    boolean isCancellationRequested();
}
