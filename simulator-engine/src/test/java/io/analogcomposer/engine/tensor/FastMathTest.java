package io.analogcomposer.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deterministic fast exp/sigmoid/tanh are accurate, and the vector and scalar paths agree bit for bit. */
class FastMathTest {
    static float[] sweep() {
        int n = 200_003; // not a multiple of the vector length: exercises the scalar tail
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + 200f * i / (n - 1);
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 1e-6f;
        x[3] = -0.2499f;
        return x;
    }

    @Test
    void expIsAccurateOverTheFloatRange() {
        for (float v = -87f; v <= 88f; v += 0.0137f) {
            double ref = Math.exp(v);
            assertThat(Math.abs(FastMath.exp(v) - ref) / ref).as("exp(%s)", v).isLessThan(3e-7);
        }
        assertThat(FastMath.exp(0f)).isEqualTo(1f);
        assertThat(FastMath.exp(-1000f)).isLessThan(1e-37f);
        assertThat(FastMath.exp(1000f)).isGreaterThan(1e38f).isFinite();
    }

    @Test
    void sigmoidAndTanhMatchMathAndVectorEqualsScalar() {
        float[] x = sweep(), s = new float[x.length], t = new float[x.length];
        FastMath.sigmoid(x, s, x.length);
        FastMath.tanh(x, t, x.length);
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            assertThat(Math.abs(s[i] - 1 / (1 + Math.exp(-v)))).as("sigmoid(%s)", v).isLessThan(2e-7);
            double th = Math.tanh(v);
            assertThat(Math.abs(t[i] - th)).as("tanh(%s)", v).isLessThanOrEqualTo(2e-7 * Math.max(1e-30, Math.abs(th))
                    + 1e-30 + (Math.abs(v) < 0.25 ? 0 : 1.2e-7));
            assertThat(Float.floatToRawIntBits(s[i])).isEqualTo(Float.floatToRawIntBits(FastMath.sigmoid(x[i])));
            assertThat(Float.floatToRawIntBits(t[i])).isEqualTo(Float.floatToRawIntBits(FastMath.tanh(x[i])));
        }
    }
}
