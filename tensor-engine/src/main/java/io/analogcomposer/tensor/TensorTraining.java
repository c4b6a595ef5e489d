package io.analogcomposer.tensor;

import io.analogcomposer.engine.EngineInfo;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.EpochMetrics;
import io.analogcomposer.engine.experiment.Evaluation;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.experiment.Resumption;
import io.analogcomposer.engine.experiment.RunResult;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.RunStatus;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.experiment.TrainingSpec;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training experiment ({@link RunSpec}) as the Java engine's {@link ExperimentRunner} runs it (the same data, split,
 * initial weights from the same seed, batches in the same order, learning-rate schedule, per-epoch validation and
 * final test evaluation, and the same result document), with every batch's training step on a {@link TensorDevice}
 * ({@link TensorTrainer}). The trained state is written back into the returned Java model. Saved training state is
 * not used or offered: a tensor run starts from its first epoch.
 */
public final class TensorTraining {
    private final TensorDevice device;
    private final long memoryLimit;

    public TensorTraining(TensorDevice device) {
        this(device, -1);
    }

    /** With a device memory budget in bytes instead of the device's free memory ({@code < 0}: the device's). */
    public TensorTraining(TensorDevice device, long memoryLimitBytes) {
        this.device = device;
        this.memoryLimit = memoryLimitBytes;
    }

    /** The device this trainer computes on. */
    public TensorDevice device() {
        return device;
    }

    /**
     * A rough upper estimate of the device memory a training holds at once: each parameter with its gradient and two
     * optimizer buffers, and a batch's forward intermediates (the inference estimate's, of a batch of the larger of
     * the training and evaluation batch sizes) kept three times over for the backward and its surrogates.
     */
    static long estimateBytes(Sequential model, Dataset train, int batchSize) {
        int batch = Math.max(batchSize, ExperimentRunner.EVAL_BATCH);
        long oneBatch = TensorInference.estimateBytes(model, train.head(Math.min(batch, train.size())), batch);
        return 16L * model.parameterCount() + 3 * oneBatch;
    }

    /**
     * Runs {@code spec}, loading its data with {@code data}'s loader; {@code resumption} is told the run is not
     * resumable. Throws {@link UnsupportedOnTensorPath} before training when the network needs what the device lacks.
     */
    public ExperimentRunner.Outcome run(ExperimentRunner data, RunSpec spec, TrainingListener listener,
            CancellationToken cancel, Resumption resumption) throws IOException {
        long t0 = System.nanoTime();
        NetworkSpec net = ModelBuilder.resolve(spec.network());
        TrainingSpec ts = spec.training();
        Sequential model = ModelBuilder.build(net, spec.seed(), null);
        TensorTrainer.checkSupported(model, ts.loss());
        TrainTest tt = data.loadData(spec.dataset(), net.inputShapeArray(), spec.seed());
        if (!Arrays.equals(tt.train().sampleShape(), net.inputShapeArray())) {
            throw new IllegalArgumentException("network input_shape " + net.inputShape() + " does not match dataset '"
                    + spec.dataset().name() + "' samples " + Arrays.toString(tt.train().sampleShape()));
        }
        long free = memoryLimit >= 0 ? memoryLimit : device.freeMemoryBytes();
        long needed = estimateBytes(model, tt.train(), ts.batchSize());
        if (free >= 0 && needed > free) {
            throw new DeviceMemoryTooSmall(needed, free, device.name());
        }
        resumption.notResumable(List.of("the tensor program's training state (it stays on the device)"));
        Dataset.Split split = tt.train().split(spec.dataset().validationFraction(), spec.seed());
        BatchLoader trainLoader = new BatchLoader(split.train(), ts.batchSize(), ts.shuffle(), spec.seed(), false);
        BatchLoader valLoader = new BatchLoader(split.validation() == null ? tt.test() : split.validation(),
                ExperimentRunner.EVAL_BATCH, false, spec.seed(), false);
        LrSchedule schedule = ts.lrSchedule().create(ts.epochs());
        double baseLr = ts.optimizer().lr();
        List<EpochMetrics> epochs = new ArrayList<>();
        boolean cancelled = false;
        double testLoss = Double.NaN, testAcc = Double.NaN;
        device.seed(spec.seed());
        try (TensorTrainer trainer = new TensorTrainer(model, ts.loss(), ts.optimizer(), device)) {
            for (int e = 0; e < ts.epochs(); e++) {
                if (cancel.isCancellationRequested()) {
                    cancelled = true;
                    break;
                }
                long e0 = System.nanoTime();
                double lr = schedule.lr(e, baseLr);
                double trainLoss = trainer.trainEpoch(trainLoader, e, lr, listener, cancel);
                if (Double.isNaN(trainLoss) && cancel.isCancellationRequested()) {
                    cancelled = true;
                    break;
                }
                double secs = (System.nanoTime() - e0) / 1e9;
                Evaluation v = trainer.evaluate(valLoader);
                EpochMetrics m = new EpochMetrics(e + 1, trainLoss, v.loss(), v.accuracy(), lr, secs);
                epochs.add(m);
                listener.onEpoch(m);
            }
            if (!cancelled) {
                Evaluation ev = trainer.evaluate(new BatchLoader(tt.test(), ExperimentRunner.EVAL_BATCH, false,
                        spec.seed(), false));
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            trainer.copyBack();
        }
        RunSpec resolved = new RunSpec(spec.name(), spec.seed(), spec.dataset(), net, ts);
        RunResult result = new RunResult(cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED, spec.seed(),
                EngineInfo.current().version(), "tensor-" + (device.isCuda() ? "cuda" : "cpu"), 1, resolved,
                model.parameterCount(), split.validation() == null ? "test" : "validation", List.copyOf(epochs),
                testLoss, testAcc, (System.nanoTime() - t0) / 1e9);
        return new ExperimentRunner.Outcome(result, model, 0);
    }
}
