package io.analogcomposer.worker.engine;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.MemoryEstimate;
import java.util.Locale;

/**
 * Whether a job fits this worker's heap, decided before it runs: a worker is a long-lived JVM whose heap was fixed
 * when it started (from its container's memory, see deploy/README.md), so a job whose {@link MemoryEstimate} is
 * larger would fill it and die with an {@link OutOfMemoryError} minutes or hours into its run, taking the worker's
 * other jobs' memory with it. Such a job fails at once with {@link FailureCode#OUT_OF_MEMORY}, the figures, and what
 * to reduce. A worker running several jobs at once gives each an equal share of its heap.
 *
 * @param maxHeapBytes the worker's largest heap ({@code Runtime.maxMemory()})
 * @param concurrency how many jobs the worker runs at the same time
 * @param catalogue the datasets' sizes the estimate reads
 */
public record HeapBudget(long maxHeapBytes, int concurrency, Catalogue catalogue) {

    public HeapBudget {
        if (maxHeapBytes <= 0 || concurrency < 1 || catalogue == null) {
            throw new IllegalArgumentException("a heap budget needs a heap, a concurrency of at least 1 and a"
                    + " catalogue");
        }
    }

    /** The heap one job may use: the worker's heap shared by its concurrent jobs. */
    public long perJobBytes() {
        return maxHeapBytes / concurrency;
    }

    /** Throws the run's failure when its estimate exceeds {@link #perJobBytes()}; an unknown estimate passes. */
    public void check(ExperimentSpec spec) throws ExperimentFailure {
        long needed;
        try {
            needed = MemoryEstimate.heapBytes(spec, catalogue);
        } catch (RuntimeException e) {
            // a document the estimate cannot read is the engine's to refuse, with its own reason
            return;
        }
        long available = perJobBytes();
        if (needed <= available) {
            return;
        }
        String share = concurrency == 1
                ? "this worker's heap is at most " + mib(available)
                : "this worker gives each of its " + concurrency + " concurrent runs " + mib(available) + " of its "
                        + mib(maxHeapBytes) + " heap";
        throw new ExperimentFailure(FailureCode.OUT_OF_MEMORY, "the run needs about " + mib(needed)
                + " of memory (its dataset, its network's parameters and one batch's activations) but " + share
                + "; reduce batch_size, the network's size or the dataset's max_train_samples (synthetic_samples"
                + " for generated data), or run it on a worker with more memory");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
