package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Evaluation;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Learning curves of the in-memory training families on real Fashion-MNIST, so that a change which stops an
 * algorithm from learning (as Tiki-Taka's fast rate scaled by the SGD rate did: chance accuracy at lr 0.01) fails
 * here. The setup is AIHWKit's reference run ({@code ../shared/reference/aihwkit/training_3fc_fmnist.json}): 3FC
 * 784-256-128-10 with sigmoid, log-softmax, digital bias, batch 8, NLL, analog SGD, inputs in [0, 1] without
 * normalisation; here on the first 10,000 training images (seed 1), tested on all 10,000 test images.
 *
 * <p>
 * Bands: Tiki-Taka's were frozen from this subset once its 60k-sample runs landed in AIHWKit 1.0.0's seed range
 * (TRAINING.md) and exclude the figures of the code before the fix; plain SGD's and mixed precision's are the figures
 * measured here, with a margin of about AIHWKit's spread between seeds, so a later change that breaks them fails.
 * Buffered transfer, TTv2, c-TTv2 and AGAD learn later (not within one such epoch at lr 0.1), so they run two or three
 * epochs of the subset, with bands around today's figures that a curve stuck at ln 10 misses. Train loss after every
 * epoch, test accuracy after the last.
 */
class LearningCurveRegressionTest {
    private static final int TRAIN = 10_000;
    private static final long SEED = 1;
    private static Dataset train, test;

    @BeforeAll
    static void loadFashionMnist() throws java.io.IOException {
        TrainTest data = SystemFashionMnist.load();
        train = data.train().head(TRAIN);
        test = data.test();
    }

    /**
     * One learning curve to check.
     *
     * @param name what is trained
     * @param config the rpu_config of every layer
     * @param lr the SGD rate
     * @param loss per epoch the allowed train loss {@code [lo, hi]}
     * @param accuracy the allowed test accuracy after the last epoch {@code [lo, hi]}
     */
    record Curve(String name, Supplier<TrainingRpuConfig> config, double lr, double[][] loss, double[] accuracy) {
        @Override
        public String toString() {
            return name + " lr " + lr;
        }
    }

    static Stream<Curve> tikiTaka() {
        return Stream.of(
                // lr 0.01 learns only after ~30,000 samples (60k: acc .16-.17 / .45-.50, loss 2.32-2.33 / 1.73-1.74;
                // AIHWKit .18-.25 / .33-.53, 2.32-2.34 / 1.73-1.77); on the first 10,000 the loss already falls
                // faster than before the fix: measured 2.402 (2.452 while A started with write noise), before the
                // fix 2.523 (accuracy 0.10-0.13 either way)
                new Curve("TikiTakaReRamSBPreset", () -> TrainingPresets.named("TikiTakaReRamSBPreset"), 0.01,
                        new double[][]{{2.33, 2.49}}, new double[]{0.06, 0.20}),
                // measured 2.123 / 1.323, 0.640 (2.102 / 1.326, 0.605 while A started with write noise); before the
                // fix 2.391 / 2.169, 0.295 (60k: 0.78 / 0.81, AIHWKit .78 / .80-.82)
                new Curve("TikiTakaReRamSBPreset", () -> TrainingPresets.named("TikiTakaReRamSBPreset"), 0.1,
                        new double[][]{{1.95, 2.25}, {1.15, 1.50}}, new double[]{0.52, 0.70}));
    }

    static Stream<Curve> otherFamilies() {
        return Stream.of(
                // measured 2.134, 0.356 (AIHWKit on 60k: 1.44-1.45, 0.58-0.63 after the first epoch)
                new Curve("ReRamSBPreset", () -> TrainingPresets.named("ReRamSBPreset"), 0.1,
                        new double[][]{{2.0, 2.25}}, new double[]{0.25, 0.50}),
                // measured 1.796, 0.446 (AIHWKit on 60k: 1.03-1.06, 0.70-0.72)
                new Curve("MixedPrecisionReRamSBPreset", () -> TrainingPresets.named("MixedPrecisionReRamSBPreset"),
                        0.1, new double[][]{{1.65, 1.95}}, new double[]{0.33, 0.58}));
    }

    /**
     * The rest of the transfer family at lr 0.1. They write C at most one dw_min per element and read, one column per
     * sample (TTv2, c-TTv2, AGAD) or per mini-batch (buffered transfer), so they start learning later than Tiki-Taka:
     * the bands are set where the loss has left ln 10 = 2.30 (measured on all 60,000 images they reach test accuracy
     * 0.81 / 0.79 / 0.74 after two epochs, buffered transfer 0.24; see TRAINING.md).
     */
    static Stream<Curve> transferFamily() {
        return Stream.of(
                // measured 2.413 / 1.988-2.004, 0.276-0.359 over two runs (the backend's threads reorder sums; not
                // learning would stay at 2.36-2.42 with accuracy ~0.10)
                new Curve("TTv2ReRamSBPreset", () -> TrainingPresets.named("TTv2ReRamSBPreset"), 0.1,
                        new double[][]{{2.35, 2.47}, {1.86, 2.14}}, new double[]{0.18, 0.46}),
                // measured 2.395 / 2.016-2.024, 0.285-0.293
                new Curve("ChoppedTTv2ReRamSBPreset", () -> TrainingPresets.named("ChoppedTTv2ReRamSBPreset"), 0.1,
                        new double[][]{{2.33, 2.46}, {1.89, 2.16}}, new double[]{0.18, 0.45}),
                // measured 2.356 / 2.349-2.360 / 2.176-2.188, 0.281-0.333: AGAD writes only after its first chopper
                // period
                new Curve("AGADReRamSBPreset", () -> TrainingPresets.named("AGADReRamSBPreset"), 0.1,
                        new double[][]{{2.30, 2.42}, {2.29, 2.42}, {2.06, 2.28}}, new double[]{0.18, 0.46}),
                // measured 2.412 / 2.388-2.393, 0.103-0.137: with BufferedTransferCompound's defaults a first-layer column is read
                // once per 6,272 samples, so learning shows only on the full set (2.371 / 2.146 there)
                new Curve("buffered transfer on ReRamSB", () -> TrainingPresets.build("buffered-transfer", "ReRamSB"),
                        0.1, new double[][]{{2.35, 2.47}, {2.33, 2.45}}, new double[]{0.04, 0.20}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tikiTaka")
    void tikiTakaLearnsAsInAihwkit(Curve c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFamilies")
    void everyOtherFamilyKeepsItsLearningCurve(Curve c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transferFamily")
    void theRestOfTheTransferFamilyLearns(Curve c) {
        check(c);
    }

    private static void check(Curve c) {
        TrainingRpuConfig cfg = c.config().get();
        Rng rng = new Rng(SEED);
        Sequential net = new Sequential(List.of(new Flatten(),
                new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)), new Activation(Activation.Kind.SIGMOID),
                new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)), new Activation(Activation.Kind.SIGMOID),
                new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        Trainer trainer = new Trainer(net, Loss.byName("nll"), new AnalogSgd(net, c.lr()), LrSchedule.constant());
        BatchLoader loader = new BatchLoader(train, 8, true, SEED, false);
        double[] losses = new double[c.loss().length];
        long t0 = System.nanoTime();
        for (int e = 0; e < losses.length; e++) {
            losses[e] = trainer.trainEpoch(loader, e, TrainingListener.NONE, CancellationToken.NONE);
        }
        Evaluation ev = trainer.evaluate(new BatchLoader(test, 500, false, 0, false));
        System.out.printf("learning curve %s: train loss %s, test accuracy %.4f (%.1f s)%n", c,
                Arrays.toString(losses), ev.accuracy(), (System.nanoTime() - t0) / 1e9);
        for (int e = 0; e < losses.length; e++) {
            assertThat(losses[e]).as("%s: train loss after epoch %d", c, e + 1).isBetween(c.loss()[e][0],
                    c.loss()[e][1]);
        }
        assertThat(ev.accuracy()).as("%s: test accuracy after %d epoch(s)", c, losses.length)
                .isBetween(c.accuracy()[0], c.accuracy()[1]);
    }
}
