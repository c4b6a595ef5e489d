package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.data.Batch;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: per epoch, set the scheduled learning rate, run forward/backward/step over every batch (checking
 * for cancellation before each), evaluate on the validation set and report. Nothing is allocated per batch beyond
 * what layers reuse.
 */
public final class Trainer {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double baseLr;

    /** A trainer for {@code model}; the optimizer's current learning rate is the schedule's base rate. */
    public Trainer(Module model, Loss loss, Optimizer optimizer, LrSchedule schedule) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.baseLr = optimizer.learningRate();
    }

    /** Result of {@link #fit}: per-epoch metrics and whether it was cancelled. */
    public record Outcome(List<EpochMetrics> epochs, boolean cancelled) {}

    /** Trains for {@code epochs} epochs; {@code validation} may be null. */
    public Outcome fit(BatchLoader train, BatchLoader validation, int epochs, TrainingListener listener,
            CancellationToken cancel) {
        return fit(train, validation, List.of(), epochs, listener, cancel, done -> false);
    }

    /** Asked after each epoch but the last whether to stop there (with the epochs done so far). */
    @FunctionalInterface
    public interface EpochBoundary {
        boolean stopAfter(int epochsDone);
    }

    /**
     * Continues training after the epochs {@code earlier} (empty: from the start) up to {@code epochs}; stops early
     * when cancelled between batches or when {@code boundary} says so between epochs (both reported as cancelled).
     */
    public Outcome fit(BatchLoader train, BatchLoader validation, List<EpochMetrics> earlier, int epochs,
            TrainingListener listener, CancellationToken cancel, EpochBoundary boundary) {
        List<EpochMetrics> metrics = new ArrayList<>(earlier);
        for (int e = earlier.size(); e < epochs; e++) {
            if (cancel.isCancellationRequested()) {
                return new Outcome(metrics, true);
            }
            long t0 = System.nanoTime();
            double lr = schedule.lr(e, baseLr);
            optimizer.setLearningRate(lr);
            double trainLoss = trainEpoch(train, e, listener, cancel);
            if (Double.isNaN(trainLoss) && cancel.isCancellationRequested()) {
                return new Outcome(metrics, true);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Evaluation v = validation == null ? null : evaluate(validation);
            EpochMetrics m = new EpochMetrics(e + 1, trainLoss, v == null ? Double.NaN : v.loss(),
                    v == null ? Double.NaN : v.accuracy(), lr, secs);
            metrics.add(m);
            listener.onEpoch(m);
            if (e + 1 < epochs && boundary.stopAfter(e + 1)) {
                return new Outcome(metrics, true);
            }
        }
        return new Outcome(metrics, false);
    }

    /**
     * One pass over the training set; returns the sample-weighted mean loss, or NaN if cancelled before the epoch
     * finished.
     */
    public double trainEpoch(BatchLoader train, int epoch, TrainingListener listener, CancellationToken cancel) {
        model.train(true);
        train.startEpoch(epoch);
        int batches = train.batches();
        double total = 0;
        int seen = 0;
        for (int b = 0; b < batches; b++) {
            if (cancel.isCancellationRequested()) {
                return Double.NaN;
            }
            Batch batch = train.batch(b);
            Tensor out = model.forward(batch.inputs());
            float l = loss.forward(out, batch.targets());
            if (!Float.isFinite(l)) {
                throw new ArithmeticException("training diverged: loss is " + l + " at epoch " + (epoch + 1)
                        + ", batch " + (b + 1) + " (try a smaller learning rate)");
            }
            model.backward(loss.backward());
            optimizer.step();
            total += (double) l * batch.size();
            seen += batch.size();
            listener.onBatch(epoch + 1, b + 1, batches);
        }
        return total / Math.max(1, seen);
    }

    /** Loss and accuracy in evaluation mode. */
    public Evaluation evaluate(BatchLoader data) {
        model.train(false);
        data.startEpoch(0);
        double total = 0;
        int correct = 0, seen = 0;
        for (int b = 0; b < data.batches(); b++) {
            Batch batch = data.batch(b);
            Tensor out = model.forward(batch.inputs());
            total += (double) loss.forward(out, batch.targets()) * batch.size();
            int classes = out.size() / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (Ops.argmax(out.data(), i * classes, classes) == batch.label(i)) {
                    correct++;
                }
            }
            seen += batch.size();
        }
        model.train(true);
        return new Evaluation(total / Math.max(1, seen), seen == 0 ? Double.NaN : (double) correct / seen, seen);
    }
}
