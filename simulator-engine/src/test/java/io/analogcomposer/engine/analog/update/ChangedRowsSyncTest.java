package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer's weight parameter copies only the rows of a pulsed tile that its pulses reached: it must stay bit for
 * bit equal to the tiles' weights after every update.
 */
class ChangedRowsSyncTest {
    private static final int IN = 40, OUT = 24, BATCH = 5, MAX_TILE = 16;

    /** The tiles' weights assembled into {@code [OUT, IN]}, as the MVMs see them. */
    private static float[] assembled(PulsedAnalogLinear layer) {
        int[] ins = PulsedAnalogLinear.splits(IN, MAX_TILE), outs = PulsedAnalogLinear.splits(OUT, MAX_TILE);
        List<AnalogUpdateTile> tiles = layer.tiles();
        float[] w = new float[OUT * IN];
        int t = 0;
        for (int r = 0, ro = 0; r < outs.length; ro += outs[r], r++) {
            for (int c = 0, co = 0; c < ins.length; co += ins[c], c++) {
                float[] part = tiles.get(t++).weights();
                for (int i = 0; i < outs[r]; i++) {
                    System.arraycopy(part, i * ins[c], w, (ro + i) * IN + co, ins[c]);
                }
            }
        }
        return w;
    }

    @Test
    void weightParameterEqualsTileWeightsAfterEveryUpdate() {
        Rng rng = new Rng(11);
        PulsedAnalogLinear layer = new PulsedAnalogLinear(IN, OUT, true, SingleRpuConfig.preset("GokmenVlasov"),
                MAX_TILE, MAX_TILE, rng.split(1));
        assertThat(layer.tiles()).allMatch(t -> t instanceof PulsedTile);
        Rng data = new Rng(12);
        float[] x = new float[BATCH * IN], dy = new float[BATCH * OUT];
        long before = layer.pulseCount();
        for (int step = 0; step < 30; step++) {
            for (int k = 0; k < x.length; k++) {
                x[k] = data.nextDouble() < 0.5 ? 0f : (float) data.nextGaussian();
            }
            // most output rows get no gradient: their devices receive no pulses and must not be copied stale
            for (int k = 0; k < dy.length; k++) {
                dy[k] = (k % OUT) % 5 == step % 5 ? (float) data.nextGaussian() : 0f;
            }
            layer.forward(Tensor.wrap(x, BATCH, IN));
            layer.backward(Tensor.wrap(dy, BATCH, OUT));
            layer.applyUpdate(0.5);
            assertThat(layer.weight().value().data()).containsExactly(assembled(layer));
        }
        assertThat(layer.pulseCount()).isGreaterThan(before);
    }

    @Test
    void tileMarksOnlyTheRowsItPulsed() {
        PulsedTile tile = new PulsedTile(6, 8, SingleRpuConfig.preset("GokmenVlasov").device(),
                SingleRpuConfig.preset("GokmenVlasov").update(), new Rng(3));
        assertThat(tile.allRowsChanged()).isTrue(); // programmed at construction
        tile.clearChangedRows();
        float[] x = new float[8], d = new float[6];
        java.util.Arrays.fill(x, 1f);
        d[2] = 1f;
        d[4] = -1f;
        float[] w0 = tile.weights().clone();
        tile.update(x, d, 1, 1.0);
        assertThat(tile.allRowsChanged()).isFalse();
        for (int i = 0; i < 6; i++) {
            if (i != 2 && i != 4) {
                assertThat(tile.rowChanged(i)).isFalse();
                for (int j = 0; j < 8; j++) {
                    assertThat(tile.weights()[i * 8 + j]).isEqualTo(w0[i * 8 + j]);
                }
            }
        }
        assertThat(tile.rowChanged(2) || tile.rowChanged(4)).isTrue();
        tile.clearChangedRows();
        tile.setWeights(new float[48]);
        assertThat(tile.allRowsChanged()).isTrue();
    }
}
