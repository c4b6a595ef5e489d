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

    @Test
    void logIsAccurateOverPositiveNormalFloatsAndVectorEqualsScalar() {
        int n = 100_003;
        float[] x = new float[n];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            x[i] = i % 2 == 0
                    ? Float.intBitsToFloat(0x00800000 + r.nextInt(0x7F000000 - 0x00800000)) // any normal float
                    : 0.5f + 1.5f * r.nextFloat(); // around 1, where log is small
        }
        x[0] = 1f;
        x[1] = Float.MIN_NORMAL;
        x[2] = Float.MAX_VALUE;
        x[3] = 1.4142135f;
        x[4] = 1.4142137f;
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] v = new float[n];
        int i = 0;
        for (; i < species.loopBound(n); i += species.length()) {
            FastMath.log(jdk.incubator.vector.FloatVector.fromArray(species, x, i)).intoArray(v, i);
        }
        for (; i < n; i++) {
            v[i] = FastMath.log(x[i]);
        }
        assertThat(FastMath.log(1f)).isZero();
        for (i = 0; i < n; i++) {
            float s = FastMath.log(x[i]);
            assertThat(Float.floatToRawIntBits(v[i])).as("log(%s)", x[i]).isEqualTo(Float.floatToRawIntBits(s));
            double ref = Math.log(x[i]);
            // relative error 2e-7, or half an ulp of the result where it is large
            double tol = Math.max(2e-7 * Math.abs(ref), 0.5 * Math.ulp((float) ref));
            assertThat(Math.abs(s - ref)).as("log(%s)", x[i]).isLessThanOrEqualTo(tol);
        }
    }

    @Test
    void arrayExpAndLogEqualTheScalarFunctionsInPlaceAndAtOffsets() {
        float[] x = sweep();
        int n = x.length - 5;
        float[] e = new float[n + 2], l = new float[x.length];
        FastMath.exp(x, 3, e, 2, n);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(e[2 + i])).isEqualTo(Float.floatToRawIntBits(FastMath.exp(x[3 + i])));
        }
        for (int i = 0; i < x.length; i++) {
            l[i] = Math.abs(x[i]) + 1e-3f;
        }
        float[] in = l.clone();
        FastMath.log(l, 1, l, 1, n); // in place
        assertThat(l[0]).isEqualTo(in[0]);
        for (int i = 1; i <= n; i++) {
            assertThat(Float.floatToRawIntBits(l[i])).isEqualTo(Float.floatToRawIntBits(FastMath.log(in[i])));
        }
        assertThat(l[n + 1]).isEqualTo(in[n + 1]);
    }
}
