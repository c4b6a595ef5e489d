package io.analogcomposer.engine.analog.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/** The tile array's fused column scale and bias equal a separate pass over its output, tile layout included. */
class TileArrayTest {
    @Test
    void fusedScaleAndBiasEqualAPassAfterTheTilesUpToFloatRounding() {
        int out = 40, in = 70, batch = 130; // 3 x 3 tiles of at most 16 x 32, ragged edges
        TileArray tiles = new TileArray(out, in, 16, 32, IOParameters.DEFAULT, new Rng(1));
        assertThat(tiles.tileCount()).isEqualTo(9);
        Rng r = new Rng(2);
        float[] w = new float[out * in], x = new float[batch * in], s = new float[out], b = new float[out];
        r.fillUniform(w, 0, w.length, -0.5f, 0.5f);
        r.fillUniform(x, 0, x.length, -1f, 1f);
        r.fillUniform(s, 0, out, 0.5f, 2f);
        r.fillUniform(b, 0, out, -1f, 1f);
        JavaBackend be = new JavaBackend(2);
        float[] plain = new float[batch * out], fused = new float[batch * out];
        tiles.forward(w, x, batch, plain, false, new Rng(3), be);
        tiles.forward(w, x, batch, fused, false, s, b, new Rng(3), be);
        double maxAbs = 0;
        for (int i = 0; i < plain.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(plain[i]));
        }
        assertThat(maxAbs).as("outputs are not trivially zero").isGreaterThan(0.1);
        for (int k = 0; k < batch; k++) {
            for (int o = 0; o < out; o++) {
                float expect = plain[k * out + o] * s[o] + b[o];
                assertThat(fused[k * out + o]).as("row %d column %d", k, o)
                        .isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-5f * (float) (1 + maxAbs * 2)));
            }
        }
    }
}
