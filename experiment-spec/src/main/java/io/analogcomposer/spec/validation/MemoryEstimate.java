package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.DatasetInfo;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.network.Network;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The memory a run needs, from the same shapes the validator checks: the heap a CLI or worker JVM should get for it,
 * instead of the JVM's default of a quarter of the machine (which the JVM then fills: a collector that may grow the
 * heap does so rather than collect, so a run's resident memory followed the machine's size, not the run's).
 */
public final class MemoryEstimate {
    /** The JVM's own objects, the command's and engine's classes and fixed state, result documents. */
    static final long BASE_BYTES = 128L << 20;
    /** Per network parameter: weights, gradients, the analog tiles' copies and per-device state, momentum. */
    static final long BYTES_PER_PARAMETER = 24;
    /**
     * The batch of a training run's per-epoch evaluation ({@code ExperimentRunner.EVAL_BATCH} in the engine, which this
     * module does not depend on): a training run's largest batch is that one when its own batch is smaller.
     */
    static final long TRAINING_EVAL_BATCH = 256;

    private MemoryEstimate() {
    }

    /**
     * One batch's activations, gradients and convolution patch rows: every value a sample's forward pass holds
     * ({@code activationsPerSample}), three times (forward value, its gradient, the backward pass's saved input),
     * as floats. The validator refuses a batch beyond its limit with this figure.
     */
    public static long batchBytes(long activationsPerSample, long batch) {
        return 3L * 4 * activationsPerSample * batch;
    }

    /**
     * The heap a JVM running this validated (resolved) experiment should have: the fixed part, the dataset held as
     * floats (the whole stored dataset: the engine reads it before taking a subset), the parameters, and one batch
     * with a quarter more for the layers' work buffers and the collector's free regions. With it as {@code -Xmx},
     * {@code aimc simulate --threads 1} peaked at 0.45 GB resident (LeNet5 in memory, mixed precision, batch 8),
     * 0.52 GB (LeNet5 HWA, batch 64) and 2.35 GB (VGG8 mixed precision, batch 128, 3x32x32, 2.0 GB live after GC).
     * Returns 0 where the dataset's size is unknown (an uploaded or local dataset): no estimate, so no heap limit.
     */
    public static long heapBytes(ExperimentSpec spec, Catalogue catalogue) {
        Network network = spec.network() == null ? new Network(null, null) : spec.network();
        ShapeInference.Outcome shapes = new ShapeInference(new Resolver.Findings()).run(network,
                JsonNodeFactory.instance.arrayNode());
        long batch = 1;
        if (spec.training() != null) {
            batch = Math.max(batch, TRAINING_EVAL_BATCH);
            if (spec.training().batchSize() != null) {
                batch = Math.max(batch, spec.training().batchSize());
            }
        }
        if (spec.inference() != null && spec.inference().batchSize() != null) {
            batch = Math.max(batch, spec.inference().batchSize());
        }
        long batchBytes = batchBytes(Math.max(0, shapes.activationsPerSample()), batch);
        long dataset = datasetBytes(spec, catalogue);
        if (dataset <= 0) {
            return 0;
        }
        return BASE_BYTES + dataset + BYTES_PER_PARAMETER * Math.max(0, shapes.parameters())
                + batchBytes + batchBytes / 4;
    }

    /** The dataset as floats, train and test split; 0 where it is unknown (an uploaded dataset). */
    static long datasetBytes(ExperimentSpec spec, Catalogue catalogue) {
        if (spec.dataset() == null || spec.dataset().name() == null || spec.network() == null
                || spec.network().inputShape() == null) {
            return 0;
        }
        long values = 1;
        for (Number d : spec.network().inputShape()) {
            values *= Math.max(1, d.longValue());
        }
        DatasetInfo info = catalogue.dataset(spec.dataset().name()).orElse(null);
        long samples;
        if (info == null) {
            return 0;
        } else if (info.anyShape()) {
            long train = spec.dataset().syntheticSamples() == null ? 1000 : spec.dataset().syntheticSamples();
            samples = train + Math.max(10, train / 4);
        } else {
            samples = (info.trainSamples() == null ? 0 : info.trainSamples())
                    + (info.testSamples() == null ? 0 : info.testSamples());
        }
        return 4 * values * samples;
    }
}
