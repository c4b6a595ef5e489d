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
import io.analogcomposer.engine.resume.TrainingState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training experiment ({@link RunSpec}) as the Java engine's {@link ExperimentRunner} runs it (the same data, split,
 * initial weights from the same seed, batches in the same order, learning-rate schedule, per-epoch validation and
 * final test evaluation, and the same result document), with every batch's training step on a {@link TensorDevice}
 * ({@link TensorTrainer}). The trained state is written back into the returned Java model. At every epoch boundary
 * the session can be saved ({@link Resumption}: the Java model written back from the device, the optimizer's buffers,
 * the input ranges' initialisation, the epochs so far) and a later attempt continues from it; the device's random
 * numbers then come from another stream (same distributions, other draws), and write noise is redrawn.
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
     * the training and evaluation batch sizes) kept three times over for the backward and its surrogates, and for
     * layers trained in memory their devices' parameters and the pulsed update's per-sample arrays.
     */
    static long estimateBytes(Sequential model, Dataset train, int batchSize) {
        int batch = Math.max(batchSize, ExperimentRunner.EVAL_BATCH);
        long oneBatch = TensorInference.estimateBytes(model, train.head(Math.min(batch, train.size())), batch);
        long pulsed = 0;
        for (io.analogcomposer.engine.nn.Module m : TensorNetwork.layers(model)) {
            if (m instanceof io.analogcomposer.engine.analog.update.PulsedAnalogLinear p) {
                // each device's response parameters, and a chunk of the update's per-sample arrays
                long devices = p.weight().value().size();
                pulsed += 48L * devices + 32L * Math.min((long) batchSize * devices, TensorPulsedTile.CHUNK_ELEMENTS);
            }
        }
        return 16L * model.parameterCount() + 3 * oneBatch + pulsed;
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
        Dataset.Split split = tt.train().split(spec.dataset().validationFraction(), spec.seed());
        BatchLoader trainLoader = new BatchLoader(split.train(), ts.batchSize(), ts.shuffle(), spec.seed(), false);
        BatchLoader valLoader = new BatchLoader(split.validation() == null ? tt.test() : split.validation(),
                ExperimentRunner.EVAL_BATCH, false, spec.seed(), false);
        LrSchedule schedule = ts.lrSchedule().create(ts.epochs());
        double baseLr = ts.optimizer().lr();
        List<EpochMetrics> epochs = new ArrayList<>();
        boolean cancelled = false;
        double testLoss = Double.NaN, testAcc = Double.NaN;
        String fingerprint = fingerprint(spec, net);
        // what of the Java model a saved state would not cover makes the session unsaveable (as the Java runner)
        List<String> unsupported = TrainingState.unsupported(List.of(model));
        if (!unsupported.isEmpty()) {
            resumption.notResumable(unsupported);
        }
        // the trainer's tiles draw their fixed properties (per-output noise, non-linearity) from the run's seed
        device.seed(spec.seed());
        TensorTrainer trainer = new TensorTrainer(model, ts.loss(), ts.optimizer(), device);
        int earlier = 0;
        try {
            List<EpochMetrics> resumed = unsupported.isEmpty()
                    ? resume(resumption, fingerprint, model, trainer)
                    : List.of();
            if (!resumed.isEmpty()) {
                // the restored Java model goes onto the device afresh (the same tile properties), with the optimizer
                // state held for it
                device.seed(spec.seed());
                TensorTrainer fresh = new TensorTrainer(model, ts.loss(), ts.optimizer(), device);
                fresh.loadHeldState(trainer);
                trainer.close();
                trainer = fresh;
                epochs.addAll(resumed);
                earlier = resumed.size();
            }
            // the device's random numbers continue from a stream of their own per resumed epoch: the same
            // distributions as an uninterrupted run, not the same draws
            if (earlier > 0) {
                device.seed(spec.seed() * 1_000_003L + earlier);
            }
            TensorTrainer t = trainer;
            for (int e = earlier; e < ts.epochs(); e++) {
                if (cancel.isCancellationRequested()) {
                    cancelled = true;
                    break;
                }
                long e0 = System.nanoTime();
                double lr = schedule.lr(e, baseLr);
                double trainLoss = t.trainEpoch(trainLoader, e, lr, listener, cancel);
                if (Double.isNaN(trainLoss) && cancel.isCancellationRequested()) {
                    cancelled = true;
                    break;
                }
                double secs = (System.nanoTime() - e0) / 1e9;
                Evaluation v = t.evaluate(valLoader);
                EpochMetrics m = new EpochMetrics(e + 1, trainLoss, v.loss(), v.accuracy(), lr, secs);
                epochs.add(m);
                listener.onEpoch(m);
                List<EpochMetrics> history = List.copyOf(epochs);
                if (e + 1 < ts.epochs() && resumption.afterEpoch(e + 1, ts.epochs(),
                        unsupported.isEmpty() ? () -> save(fingerprint, model, t, history) : null)) {
                    cancelled = true; // handed over: the next attempt continues from the state saved now
                    break;
                }
            }
            if (!cancelled) {
                Evaluation ev = t.evaluate(new BatchLoader(tt.test(), ExperimentRunner.EVAL_BATCH, false,
                        spec.seed(), false));
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            t.copyBack();
        } finally {
            trainer.close();
        }
        RunSpec resolved = new RunSpec(spec.name(), spec.seed(), spec.dataset(), net, ts);
        RunResult result = new RunResult(cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED, spec.seed(),
                EngineInfo.current().version(), "tensor-" + (device.isCuda() ? "cuda" : "cpu"), 1, resolved,
                model.parameterCount(), split.validation() == null ? "test" : "validation", List.copyOf(epochs),
                testLoss, testAcc, (System.nanoTime() - t0) / 1e9);
        return new ExperimentRunner.Outcome(result, model, earlier);
    }

    /**
     * What identifies the experiment a saved tensor session belongs to: the Java runner's fingerprint of the resolved
     * experiment, marked as the tensor program's (its saved state has the device's parts, not the Java optimizer's).
     */
    static String fingerprint(RunSpec spec, NetworkSpec net) {
        String text = io.analogcomposer.engine.json.Json.write(new RunSpec(spec.name(), spec.seed(), spec.dataset(),
                net, spec.training()).toMap());
        try {
            return "tensor-" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The session at an epoch boundary: the Java model (written back from the device), the device's own parts. */
    private static byte[] save(String fingerprint, Sequential model, TensorTrainer trainer,
            List<EpochMetrics> history) {
        trainer.copyBack();
        trainer.holdState();
        double[] flat = EpochMetrics.flatten(history);
        return TrainingState.capture(fingerprint, List.of(model, trainer.deviceState(),
                r -> r.doubles("runner.history", flat))).toBytes();
    }

    /**
     * Restores a saved session into the Java model and {@code trainer}'s held state; returns its epochs, or none (a
     * state that does not fit is refused and changes nothing).
     */
    private static List<EpochMetrics> resume(Resumption resumption, String fingerprint, Sequential model,
            TensorTrainer trainer) {
        byte[] saved = resumption.saved();
        if (saved == null) {
            return List.of();
        }
        try {
            TrainingState state = TrainingState.fromBytes(saved);
            double[] flat = state.doubles("runner.history");
            List<EpochMetrics> epochs = EpochMetrics.unflatten(flat);
            state.restore(fingerprint, List.of(model, trainer.deviceState(),
                    r -> r.doubles("runner.history", flat)));
            return epochs;
        } catch (IllegalArgumentException | IllegalStateException e) {
            resumption.savedStateRefused(e.getMessage());
            return List.of();
        }
    }
}
