package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tiki-Taka transfer and mixed-precision accumulation. */
class CompoundTilesTest {
    private static final long SEED = 8080L;
    private static final double DW = 0.001;

    private static PulsedDeviceParameters steps() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(DW).wMax(100).wMin(-100)
                .build();
    }

    private static TransferCompound exactRead() {
        return TransferCompound.of(steps(), steps()).withTransferForward(IOParameters.PERFECT);
    }

    @Test
    void transferAddsTheReadColumnOfTheFastDeviceToTheSlowOne() {
        int out = 8, repeats = 500;
        double lr = 0.01;
        TransferTile t = new TransferTile(out, 1, exactRead(), UpdateParameters.DEFAULT, new Rng(SEED));
        float[] a = new float[out];
        new Rng(3).fillUniform(a, 0, out, -0.5f, 0.5f);
        t.fastTile().setWeights(a);
        for (int r = 0; r < repeats; r++) {
            t.transfer(lr);
        }
        for (int i = 0; i < out; i++) {
            double expected = repeats * lr * a[i];
            // Binomial coincidences per transfer: variance <= mean = lr |a| / dw
            double tol = 5 * Math.sqrt(repeats * DW * lr * Math.abs(a[i])) + 1e-9;
            assertThat((double) t.weights()[i]).as("C[%d]", i).isCloseTo(expected, within(tol));
            assertThat(t.fastTile().weights()[i]).isEqualTo(a[i]); // reading does not disturb A
        }
    }

    @Test
    void gradientsGoToTheFastDeviceAndReachTheWeightOnlyThroughTransfers() {
        int out = 4, in = 6;
        Rng r = new Rng(SEED);
        float[] x = new float[in], d = new float[out];
        r.fillUniform(x, 0, in, -1, 1);
        r.fillUniform(d, 0, out, -1, 1);
        TransferCompound never = new TransferCompound(List.of(steps(), steps()), 0.0, 0.0, true, 1, 0, false, 1, 1,
                true, true, IOParameters.PERFECT, UpdateParameters.DEFAULT, null);
        TransferTile t = new TransferTile(out, in, never, UpdateParameters.DEFAULT, new Rng(SEED));
        for (int k = 0; k < 20; k++) {
            t.update(x, d, 1, 0.05);
        }
        assertThat(t.weights()).containsOnly(0f);
        assertThat(t.fastTile().pulseCount()).isPositive();

        TransferTile every = new TransferTile(out, in, exactRead(), UpdateParameters.DEFAULT, new Rng(SEED));
        for (int k = 0; k < 200; k++) {
            every.update(x, d, 1, 0.05);
        }
        // A integrates -lr d x^T; C follows the sign of A's columns
        int agree = 0, nonzero = 0;
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                float c = every.weights()[i * in + j];
                if (c != 0f) {
                    nonzero++;
                    agree += Math.signum(c) == Math.signum(-d[i] * x[j]) ? 1 : 0;
                }
            }
        }
        assertThat(nonzero).isGreaterThan(out * in / 2);
        assertThat(agree).isEqualTo(nonzero);
    }

    @Test
    void bufferedTransferWritesWholeUnitsAndKeepsTheRestInTheBuffer() {
        int out = 4;
        TransferCompound c = TransferCompound.buffered(steps(), steps()).withTransferForward(IOParameters.PERFECT);
        TransferTile t = new TransferTile(out, 1, c, UpdateParameters.DEFAULT, new Rng(SEED));
        float[] a = {0.5f, -0.3f, 0.05f, 0f};
        t.fastTile().setWeights(a);
        double lr = 0.01; // buffer gains lr * a per read: 0.005, -0.003, 0.0005 with granularity dw_min = 0.001
        t.transfer(lr);
        // BL 1 without management: at most one unit per transfer, written with probability 1 as one dw_min pulse
        assertThat(t.weights()).containsExactly((float) DW, (float) -DW, 0f, 0f);
        // forget_buffer: after a write H keeps momentum 0.1 of its value; otherwise all of it
        assertThat(t.buffer()[0]).isCloseTo(0.0005f, within(1e-7f));
        assertThat(t.buffer()[1]).isCloseTo(-0.0003f, within(1e-7f));
        assertThat(t.buffer()[2]).isCloseTo(0.0005f, within(1e-7f));
        t.transfer(lr); // element 2 reaches 0.001: one unit
        assertThat(t.weights()[2]).isCloseTo((float) DW, within(1e-7f));
    }

    @Test
    void mixedPrecisionKeepsTheExactUpdateInWeightPlusAccumulator() {
        int out = 6, in = 10, batch = 4;
        double lr = 0.005; // at most 4 x 0.005 / dw_min = 20 units per element and batch: below BL = 31
        MixedPrecisionTile t = new MixedPrecisionTile(out, in, MixedPrecisionCompound.of(steps()),
                UpdateParameters.DEFAULT, new Rng(SEED));
        Rng r = new Rng(SEED + 1);
        double[] exact = new double[out * in];
        float[] x = new float[batch * in], d = new float[batch * out];
        for (int step = 0; step < 50; step++) {
            r.fillUniform(x, 0, x.length, -1, 1);
            r.fillUniform(d, 0, d.length, -1, 1);
            t.update(x, d, batch, lr);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < in; j++) {
                        exact[i * in + j] -= lr * d[b * out + i] * x[b * in + j];
                    }
                }
            }
        }
        for (int k = 0; k < out * in; k++) {
            // noiseless dw_min steps: W = -n dw, chi = sum lr d x - n dw, so W - chi is the exact SGD weight
            assertThat((double) (t.weights()[k] - t.chi()[k])).isCloseTo(exact[k], within(1e-4));
            assertThat(Math.abs(t.chi()[k])).isLessThan((float) DW);
        }
        assertThat(t.pulseCount()).isPositive();
    }

    @Test
    void mixedPrecisionTransferIsCappedAtBlPulsesPerElement() {
        MixedPrecisionTile t = new MixedPrecisionTile(1, 2, MixedPrecisionCompound.of(steps()),
                UpdateParameters.DEFAULT, new Rng(SEED));
        t.update(new float[]{1f, 0.5f}, new float[]{1f}, 1, 0.1); // 100 and 50 units of dw_min
        assertThat(t.weights()[0]).isCloseTo((float) (-31 * DW), within(1e-6f));
        assertThat(t.weights()[1]).isCloseTo((float) (-Math.rint(15.5) * DW), within(1e-6f));
        assertThat(t.chi()[0]).isCloseTo(0f, within((float) DW));
    }

    private static PulsedDeviceParameters oneSidedSteps() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01).wMax(1).wMin(0)
                .build();
    }

    @Test
    void oneSidedPairPulsesPlusToRaiseAndMinusToLower() {
        OneSidedTile t = new OneSidedTile(1, 1, OneSidedUnitCell.of(oneSidedSteps()), UpdateParameters.DEFAULT,
                new Rng(SEED));
        t.update(new float[]{1f}, new float[]{-1f}, 1, 0.1); // raise by 10 pulses: probabilities 1
        assertThat(t.plus().weights()[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(t.minus().weights()[0]).isZero();
        t.update(new float[]{1f}, new float[]{1f}, 1, 0.05); // lower: g- goes up
        assertThat(t.plus().weights()[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(t.minus().weights()[0]).isCloseTo(0.05f, within(1e-6f));
        assertThat(t.weights()[0]).isCloseTo(0.05f, within(1e-6f));
    }

    @Test
    void refreshResetsSaturatedPairsAndRewritesTheDifference() {
        int n = 50;
        OneSidedTile t = new OneSidedTile(1, n, OneSidedUnitCell.of(oneSidedSteps()).withRefreshEvery(1),
                UpdateParameters.DEFAULT, new Rng(SEED));
        float[] p = new float[n], m = new float[n];
        java.util.Arrays.fill(p, 0.9f);
        java.util.Arrays.fill(m, 0.6f);
        m[0] = 0.1f; // below the lower threshold: not refreshed
        t.plus().setWeights(p, new Rng(1));
        t.minus().setWeights(m, new Rng(1));
        assertThat(t.refresh()).isEqualTo(n - 1);
        double mean = 0;
        for (int k = 1; k < n; k++) {
            assertThat(t.minus().weights()[k]).isZero();
            mean += t.weights()[k];
        }
        mean /= n - 1;
        // 0.3 = 30 pulses of 0.01 expected per device, binomial variance <= 30 * 0.01^2
        assertThat(mean).isCloseTo(0.3, within(5 * Math.sqrt(30) * 0.01 / Math.sqrt(n - 1)));
        assertThat(t.weights()[0]).isCloseTo(0.8f, within(1e-6f));
    }

    /**
     * AIHWKit's fully hidden transfer compound ({@code gamma 0}) zeroes A's weights on set without the device's own
     * set, so A reads exactly 0 until a pulse writes it; C (and A when visible) get write noise on set. The ReRamSB
     * preset's write noise (56 dw_min = 0.112) would otherwise be read and transferred into C from columns of A that
     * the gradient never touches.
     */
    @Test
    void aFullyHiddenFastDeviceStartsAtExactlyZero() {
        TransferRpuConfig tt = (TransferRpuConfig) TrainingPresets.named("TikiTakaReRamSBPreset");
        TransferTile t = (TransferTile) tt.createTile(64, 32, new Rng(SEED));
        t.setWeights(new float[64 * 32]);
        assertThat(t.fastTile().weights()).containsOnly(0f);
        assertThat(std(t.slowTile().weights())).isCloseTo(56 * 0.002, within(0.02));
        var ttv2 = (ChoppedTransferRpuConfig) TrainingPresets.named("TTv2ReRamSBPreset");
        ChoppedTransferTile c = (ChoppedTransferTile) ttv2.createTile(64, 32, new Rng(SEED));
        assertThat(c.fastTile().weights()).containsOnly(0f);

        TransferCompound visible = new TransferCompound(tt.device().unitCellDevices(), 0.5, 1, true, 1, 0, false, 1, 1,
                true, false, tt.device().transferForward(), tt.device().transferUpdate(), null);
        TransferTile v = new TransferTile(64, 32, visible, UpdateParameters.DEFAULT, new Rng(SEED));
        assertThat(std(v.fastTile().weights())).isCloseTo(56 * 0.002, within(0.02));
    }

    private static double std(float[] w) {
        double s = 0, s2 = 0;
        for (float v : w) {
            s += v;
            s2 += v * v;
        }
        double m = s / w.length;
        return Math.sqrt(s2 / w.length - m * m);
    }

    @Test
    void presetsAndBuildConfigCoverTheAlgorithms() {
        for (String device : List.of("ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized")) {
            assertThat(TrainingPresets.named(device + "Preset")).isInstanceOf(SingleRpuConfig.class);
            assertThat(TrainingPresets.named("TikiTaka" + device + "Preset")).isInstanceOf(TransferRpuConfig.class);
            assertThat(TrainingPresets.named("MixedPrecision" + device + "Preset"))
                    .isInstanceOf(MixedPrecisionRpuConfig.class);
        }
        TransferRpuConfig tt = (TransferRpuConfig) TrainingPresets.build("tiki-taka", "ReRamSB");
        assertThat(tt.device().unitCellDevices()).allMatch(PulsedDeviceParameters::subtractSymmetryPoint);
        var mpPcm = (MixedPrecisionRpuConfig) TrainingPresets.named("MixedPrecisionPCMPreset");
        assertThat(mpPcm.device().oneSided()).isEqualTo(((OneSidedRpuConfig) TrainingPresets.pcm()).device());
        for (String device : List.of("ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized")) {
            var ttv2 = (ChoppedTransferRpuConfig) TrainingPresets.named("TTv2" + device + "Preset");
            var chopped = (ChoppedTransferRpuConfig) TrainingPresets.named("ChoppedTTv2" + device + "Preset");
            var agad = (ChoppedTransferRpuConfig) TrainingPresets.named("AGAD" + device + "Preset");
            assertThat(ttv2.device().inChopProb()).isZero();
            assertThat(chopped.device().inChopProb()).isEqualTo(0.01);
            assertThat(chopped.device().autoScale()).isTrue();
            assertThat(agad.device().dynamic()).isNotNull();
            assertThat(agad.device().inChopProb()).isEqualTo(0.02);
            assertThat(agad.device().autoGranularity()).isEqualTo(1000);
        }
        assertThatThrownBy(() -> TrainingPresets.build("momentum", "ReRamSB")).hasMessageContaining("implemented: sgd");
        assertThat(TrainingPresets.named("PCMPreset")).isInstanceOf(OneSidedRpuConfig.class);
    }
}
