package io.analogcomposer.engine.analog.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/** The vectorized DAC/ADC rounding must be bit-identical to the scalar rint code, ties and huge values included. */
class QuantizeTest {
    @Test
    void vectorRoundingEqualsScalarRintIncludingTiesAndLargeQuotients() {
        int n = 10_007;
        float[] x = new float[n];
        Rng r = new Rng(3);
        float step = 1f / 63;
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (r.nextFloat() * 2 - 1) * 1.2f;
                case 1 -> (Math.round(r.nextFloat() * 200) + 0.5f) * step; // near half-step ties
                case 2 -> (r.nextFloat() - 0.5f) * 1e6f; // quotients beyond 2^22
                default -> (i % 8 == 3 ? 2.5f : -3.5f) * step;
            };
        }
        float[] v = new float[n];
        Quantize.scaleRoundClip(x, 0, 0.9f, step, 1f, v, 0, n);
        for (int i = 0; i < n; i++) {
            float w = x[i] * 0.9f;
            w = (float) Math.rint(w / step) * step;
            w = w > 1f ? 1f : (w < -1f ? -1f : w);
            assertThat(v[i]).as("element " + i + " of " + x[i]).isEqualTo(w);
        }
        float[] a = x.clone();
        int flags = Quantize.roundClip(a, 0, n, step, 1000f);
        assertThat(flags).isEqualTo(3);
        for (int i = 0; i < n; i++) {
            float w = (float) Math.rint(x[i] / step) * step;
            w = w > 1000f ? 1000f : (w < -1000f ? -1000f : w);
            assertThat(a[i]).as("element " + i).isEqualTo(w);
        }
    }
}
