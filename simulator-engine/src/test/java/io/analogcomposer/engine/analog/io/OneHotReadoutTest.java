package io.analogcomposer.engine.analog.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The drift-compensation readout without the identity matrix ({@link AnalogMvm#oneHotReadout}) gives the forward pass
 * of the identity bit for bit, and leaves the generator where that pass leaves it, in every configuration: those the
 * shortcut covers and those that fall back to the general path.
 */
class OneHotReadoutTest {

    /** The readout both ways, on two tiles created alike; returns the shortcut's result after comparing. */
    private static float[] assertSameAsIdentityForward(String name, IOParameters io, int out, int in, float wScale,
            ComputeBackend be, boolean shortcut) {
        float[] w = new float[out * in];
        new Rng(11).fillUniform(w, 0, w.length, -wScale, wScale);
        float[] eye = new float[in * in];
        for (int j = 0; j < in; j++) {
            eye[j * in + j] = 1f;
        }
        float[] expected = new float[in * out];
        Rng r1 = new Rng(5);
        new AnalogMvm(io, out, in, new Rng(3)).forward(w, eye, in, expected, 1.0, r1, be);
        Rng r2 = new Rng(5);
        AnalogMvm mvm = new AnalogMvm(io, out, in, new Rng(3));
        float[] actual = mvm.oneHotReadout(w, r2, be);
        assertThat(mvm.readoutShortcut).as(name + ": took the shortcut").isEqualTo(shortcut);
        assertThat(actual).as(name).containsExactly(expected);
        assertThat(r2.position()).as(name + ": generator position").isEqualTo(r1.position());
        return actual;
    }

    @Test
    void theDefaultTilesOfTheBenchmarkMlpMatchTheIdentityForward() {
        for (ComputeBackend be : new ComputeBackend[]{new JavaBackend(1), new JavaBackend(2)}) {
            // 392 inputs run the fused rounds, 128 the plain ones; 10 outputs are no multiple of the noise step
            float[] y = assertSameAsIdentityForward("256x392", IOParameters.DEFAULT, 256, 392, 1f, be, true);
            assertSameAsIdentityForward("128x256", IOParameters.DEFAULT, 128, 256, 1f, be, true);
            assertSameAsIdentityForward("10x128", IOParameters.DEFAULT, 10, 128, 1f, be, true);
            assertSameAsIdentityForward("7x3", IOParameters.DEFAULT, 7, 3, 1f, be, true);
            assertThat(y).as("noisy, not all zero").contains(0f).doesNotContain(Float.NaN);
        }
    }

    @Test
    void otherNoiseAndManagementSettingsMatchTheIdentityForward() {
        ComputeBackend be = new JavaBackend(2);
        IOParameters d = IOParameters.DEFAULT;
        assertSameAsIdentityForward("out_noise_std", d.toBuilder().outNoiseStd(0.3).build(), 64, 300, 1f, be, true);
        assertSameAsIdentityForward("no noise", d.toBuilder().outNoise(0).build(), 64, 300, 1f, be, true);
        assertSameAsIdentityForward("nm none, bm none", d.toBuilder().noiseManagement(NoiseManagement.NONE)
                .boundManagement(BoundManagement.NONE).build(), 64, 300, 30f, be, true);
        assertSameAsIdentityForward("abs_max_np_sum", d.toBuilder()
                .noiseManagement(NoiseManagement.ABS_MAX_NP_SUM).build(), 64, 300, 1f, be, true);
        assertSameAsIdentityForward("constant nm", d.toBuilder().noiseManagement(NoiseManagement.CONSTANT)
                .nmThres(0.7).build(), 64, 300, 1f, be, true);
        assertSameAsIdentityForward("out_scale", d.toBuilder().outScale(2.5).build(), 64, 300, 1f, be, true);
    }

    @Test
    void configurationsOutsideTheShortcutTakeTheGeneralPathWithTheSameResult() {
        ComputeBackend be = new JavaBackend(2);
        IOParameters d = IOParameters.DEFAULT;
        // weights beyond the output bound: rows saturate and need bound-management rounds
        assertSameAsIdentityForward("bound management", d, 64, 300, 30f, be, false);
        assertSameAsIdentityForward("average abs max", d.toBuilder()
                .noiseManagement(NoiseManagement.AVERAGE_ABS_MAX).build(), 64, 300, 1f, be, false);
        assertSameAsIdentityForward("input noise", d.toBuilder().inpNoise(0.01).build(), 64, 100, 1f, be, false);
        assertSameAsIdentityForward("weight noise", d.toBuilder().wNoise(0.02)
                .wNoiseType(WeightNoiseType.ADDITIVE_CONSTANT).build(), 64, 100, 1f, be, false);
        assertSameAsIdentityForward("perfect", IOParameters.PERFECT, 64, 100, 1f, be, false);
    }
}
