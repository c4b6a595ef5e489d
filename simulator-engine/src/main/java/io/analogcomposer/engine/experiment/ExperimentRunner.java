package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.tensor.Tensor;
import io.analogcomposer.engine.EngineInfo;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.Optimizer;
import java.io.IOException;
import io.analogcomposer.engine.resume.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one {@link RunSpec}: loads and normalises the data, splits off validation, builds the model, trains with
 * progress and cancellation, evaluates on the test set and returns the result document with the trained model.
 */
public final class ExperimentRunner {
    /** Batch size used for evaluation (larger than training batches: no backward pass, fewer calls). */
    public static final int EVAL_BATCH = 256;

    private final DatasetLocator locator;
    private final ComputeBackend backend;

    /** A runner that finds data with {@code locator} and computes on {@code backend}. */
    public ExperimentRunner(DatasetLocator locator, ComputeBackend backend) {
        this.locator = locator;
        this.backend = backend;
    }

    /**
     * The result and the trained model (for checkpoints).
     *
     * @param resumedAfterEpochs the epochs an earlier attempt had done, continued from its saved state (0: none)
     */
    public record Outcome(RunResult result, Sequential model, int resumedAfterEpochs) {}

    /**
     * Loads the spec's dataset (train and test, capped and normalised as the spec says); {@code synthetic} data takes
     * the network's input shape and the run's seed.
     */
    public TrainTest loadData(DatasetSpec ds, int[] inputShape, long seed) throws IOException {
        boolean synthetic = Datasets.canonical(ds.name()).equals("synthetic");
        TrainTest tt = synthetic
                ? Datasets.synthetic(inputShape, ds.syntheticClasses(), ds.syntheticSamples(), seed)
                : Datasets.load(ds.name(), locator);
        Dataset train = ds.maxTrainSamples() > 0 ? tt.train().head(ds.maxTrainSamples()) : tt.train();
        Dataset test = ds.maxTestSamples() > 0 ? tt.test().head(ds.maxTestSamples()) : tt.test();
        if (ds.normalize() && !synthetic) {
            // an uploaded dataset by its whole training set's statistics, whatever max_train_samples keeps
            Datasets.Normalization n = Datasets.isUploaded(ds.name())
                    ? Datasets.measured(tt.train())
                    : Datasets.normalization(ds.name());
            train.normalize(n.mean(), n.std());
            test.normalize(n.mean(), n.std());
        }
        // the network may read the samples in another shape of as many values: an image cut into square patches
        // for an encoder (Patches), or rows of an image as a sequence, or flat
        int patch = inputShape == null
                ? 0
                : io.analogcomposer.engine.data.Patches.patchSize(train.sampleShape(),
                        inputShape);
        if (patch > 0) {
            train = io.analogcomposer.engine.data.Patches.of(train, patch);
            test = io.analogcomposer.engine.data.Patches.of(test, patch);
        } else if (inputShape != null && Tensor.sizeOf(inputShape) == Tensor.sizeOf(train.sampleShape())) {
            train = train.as(inputShape);
            test = test.as(inputShape);
        }
        return new TrainTest(train, test);
    }

    /** Runs the experiment; returns with status {@code cancelled} if {@code cancel} fires between batches. */
    public Outcome run(RunSpec spec, TrainingListener listener, CancellationToken cancel) throws IOException {
        return run(spec, listener, cancel, Resumption.NONE);
    }

    /**
     * Runs the experiment, continuing from the state {@code resumption} holds (if it is this experiment's) and
     * offering it the session's state after every epoch; stopped by cancellation or by the resumption, the result's
     * status is {@code cancelled}.
     */
    public Outcome run(RunSpec spec, TrainingListener listener, CancellationToken cancel, Resumption resumption)
            throws IOException {
        long t0 = System.nanoTime();
        NetworkSpec net = ModelBuilder.resolve(spec.network());
        TrainTest data = loadData(spec.dataset(), net.inputShapeArray(), spec.seed());
        int[] sample = data.train().sampleShape();
        if (!Arrays.equals(sample, net.inputShapeArray())) {
            throw new IllegalArgumentException("network input_shape " + net.inputShape() + " does not match dataset '"
                    + spec.dataset().name() + "' samples " + Arrays.toString(sample));
        }
        Loss loss = Loss.byName(spec.training().loss());
        int[] out = ModelBuilder.build(net, 0, null).outputShape(net.inputShapeArray());
        if (out.length != 1 || out[0] != data.train().numClasses()) {
            throw new IllegalArgumentException("network output shape " + Arrays.toString(out) + " does not match the "
                    + data.train().numClasses() + " classes of dataset '" + spec.dataset().name() + "'");
        }
        Dataset.Split split = data.train().split(spec.dataset().validationFraction(), spec.seed());
        Sequential model = ModelBuilder.build(net, spec.seed(), backend);
        TrainingSpec ts = spec.training();
        Optimizer opt = ts.optimizer().create(model);
        Trainer trainer = new Trainer(model, loss, opt, ts.lrSchedule().create(ts.epochs()));
        boolean oneHot = !loss.classTargets();
        BatchLoader trainLoader = new BatchLoader(split.train(), ts.batchSize(), ts.shuffle(), spec.seed(), oneHot);
        // Without a validation split the per-epoch metrics come from the test split, as in AIHWKit and the composer.
        BatchLoader valLoader = new BatchLoader(split.validation() == null ? data.test() : split.validation(),
                EVAL_BATCH, false, spec.seed(), oneHot);
        Session session = new Session(fingerprint(spec, net), model, opt);
        List<EpochMetrics> earlier = session.resume(resumption);
        TrainingListener tracked = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                session.epochDone(metrics);
                listener.onEpoch(metrics);
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                listener.onBatch(epoch, batch, batches);
            }
        };
        Trainer.Outcome fit = trainer.fit(trainLoader, valLoader, earlier, ts.epochs(), tracked, cancel,
                done -> resumption.afterEpoch(done, ts.epochs(), session.saveable() ? session::save : null));
        double testLoss = Double.NaN, testAcc = Double.NaN;
        if (!fit.cancelled()) {
            Evaluation ev = trainer.evaluate(new BatchLoader(data.test(), EVAL_BATCH, false, spec.seed(), oneHot));
            testLoss = ev.loss();
            testAcc = ev.accuracy();
        }
        RunSpec resolved = new RunSpec(spec.name(), spec.seed(), spec.dataset(), net, ts);
        RunResult result = new RunResult(fit.cancelled() ? RunStatus.CANCELLED : RunStatus.COMPLETED, spec.seed(),
                EngineInfo.current().version(), backend.name(), backend.threads(), resolved, model.parameterCount(),
                split.validation() == null ? "test" : "validation",
                List.copyOf(fit.epochs()), testLoss, testAcc, (System.nanoTime() - t0) / 1e9);
        return new Outcome(result, model, earlier.size());
    }

    /** What identifies the experiment a saved state belongs to: the resolved network, data, training and seed. */
    private static String fingerprint(RunSpec spec, NetworkSpec net) {
        String text = io.analogcomposer.engine.json.Json.write(new RunSpec(spec.name(), spec.seed(), spec.dataset(),
                net, spec.training()).toMap());
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The parts of one training session that a saved state covers, and its epochs so far. */
    private static final class Session {
        private final String fingerprint;
        private final Sequential model;
        private final Optimizer optimizer;
        private final List<String> unsupported;
        private List<EpochMetrics> history = List.of();

        Session(String fingerprint, Sequential model, Optimizer optimizer) {
            this.fingerprint = fingerprint;
            this.model = model;
            this.optimizer = optimizer;
            this.unsupported = TrainingState.unsupported(List.of(model, optimizer));
        }

        boolean saveable() {
            return unsupported.isEmpty();
        }

        /** Restores the saved state if there is one for this experiment; returns the epochs it had done. */
        List<EpochMetrics> resume(Resumption resumption) {
            if (!unsupported.isEmpty()) {
                resumption.notResumable(unsupported);
            }
            byte[] saved = resumption.saved();
            if (saved == null || !unsupported.isEmpty()) {
                return List.of();
            }
            try {
                TrainingState state = TrainingState.fromBytes(saved);
                double[] flat = state.doubles("runner.history");
                List<EpochMetrics> epochs = EpochMetrics.unflatten(flat);
                state.restore(fingerprint, List.of(model, optimizer, r -> r.doubles("runner.history", flat)));
                history = epochs;
                return epochs;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // a state that does not fit must not half-apply: rebuild nothing, start over from the built model
                resumption.savedStateRefused(e.getMessage());
                return List.of();
            }
        }

        byte[] save() {
            return TrainingState.capture(fingerprint, List.of(model, optimizer,
                    r -> r.doubles("runner.history", EpochMetrics.flatten(history)))).toBytes();
        }

        void epochDone(EpochMetrics metrics) {
            List<EpochMetrics> more = new ArrayList<>(history);
            more.add(metrics);
            history = more;
        }

    }
}
