package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.nn.ConvRows;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory convolution's update reads its patch rows gathered again, block by block, from a copy of its input
 * images instead of the rows kept from the forward pass: the same rows, the same update, bit for bit.
 */
class ConvUpdateRowsTest {

    private static float[] random(int n, long seed) {
        float[] a = new float[n];
        new Rng(seed).fillUniform(a, 0, n, -1f, 1f);
        return a;
    }

    @Test
    void rowsGatheredAgainByBlockAndColumnRangeAreTheForwardsRows() {
        List<ConvGeometry> geometries = List.of(
                new ConvGeometry(3, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1),
                new ConvGeometry(2, 9, 8, 3, 2, 2, 1, 1, 0, 2, 1),
                new ConvGeometry(4, 5, 5, 2, 2, 1, 1, 0, 0, 1, 1));
        int batch = 3;
        for (ConvGeometry g : geometries) {
            float[] x = random(batch * g.channels() * g.height() * g.width(), 7);
            int n = batch * g.outH() * g.outW(), k = g.patchSize();
            float[] rows = ConvRows.patchRows(g, x, batch, 1, new float[n * k]);
            PatchRowSource source = new PatchRowSource();
            source.keep(g, x, batch);
            int p = g.outH() * g.outW();
            // whole images (the vectorised gather) and any rows and columns (the general one)
            int[][] ranges = {{0, n, 0, k}, {p, n, 0, k}, {1, n - 2, 0, k}, {5, 17, 3, k - 7}, {0, n, k - 1, 1},
                    {2, 3, 4, 5}};
            for (int[] rg : ranges) {
                int from = rg[0], to = rg[1], col = rg[2], cols = rg[3];
                float[] got = new float[(to - from) * cols];
                source.fill(from, to, col, cols, got);
                float[] want = new float[got.length];
                for (int r = from; r < to; r++) {
                    System.arraycopy(rows, r * k + col, want, (r - from) * cols, cols);
                }
                assertThat(got).as("%s rows [%d, %d) columns [%d, +%d)", g, from, to, col, cols)
                        .containsExactly(want);
            }
            // a column view of a column view addresses the same columns
            float[] view = new float[n * 3];
            source.columns(2, 6).columns(1, 3).fill(0, n, 0, 3, view);
            for (int r = 0; r < n; r++) {
                assertThat(Arrays.copyOfRange(view, r * 3, r * 3 + 3))
                        .containsExactly(Arrays.copyOfRange(rows, r * k + 3, r * k + 6));
            }
        }
    }

    @Test
    void mixedPrecisionReadingRowsBlockByBlockEqualsOneArrayBitForBit() {
        PulsedDeviceParameters reram = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).build();
        int out = 7, in = 13, batch = 2 * MixedPrecisionTile.QUANT_ROWS + 123;
        for (int bins : new int[]{0, 9}) {
            MixedPrecisionCompound par = new MixedPrecisionCompound(reram, 1, -1, false, 0.0, 1.0, bins, bins, true,
                    true);
            MixedPrecisionTile whole = new MixedPrecisionTile(out, in, par, UpdateParameters.DEFAULT, new Rng(3));
            MixedPrecisionTile blocks = new MixedPrecisionTile(out, in, par, UpdateParameters.DEFAULT, new Rng(3));
            for (int step = 0; step < 3; step++) {
                float[] x = random(batch * in, 10 + step), d = random(batch * out, 20 + step);
                whole.update(x, d, batch, 0.01);
                blocks.update(UpdateRows.of(x, in), d, batch, 0.01);
                assertThat(blocks.chi()).as("chi, %d bins, step %d", bins, step).containsExactly(whole.chi());
                assertThat(blocks.weights()).as("weights, %d bins, step %d", bins, step)
                        .containsExactly(whole.weights());
            }
            assertThat(blocks.pulseCount()).isEqualTo(whole.pulseCount()).isPositive();
        }
    }

    /** A split crossbar's tiles reading their columns of the rows in place multiply exactly as on copied chunks. */
    @Test
    void aSplitCrossbarReadsItsColumnsInPlaceWithTheSameBits() {
        TrainingRpuConfig cfg = TrainingPresets.named("MixedPrecisionReRamSBPreset");
        PulsedAnalogLinear copies = new PulsedAnalogLinear(27, 5, true, cfg, 10, 4, new Rng(8));
        PulsedAnalogLinear inPlace = new PulsedAnalogLinear(27, 5, true, cfg, 10, 4, new Rng(8));
        int n = 300;
        float[] x = random(n * 27, 9);
        float[] want = copies.forward(Tensor.wrap(x.clone(), n, 27)).data();
        float[] got = new float[n * 5];
        inPlace.forwardBlock(x, n, got);
        assertThat(got).containsExactly(Arrays.copyOf(want, n * 5));
    }

    /**
     * A mixed-precision and a plain SGD convolution on ReRam devices with noisy periphery, split over several tiles
     * (27 kernel inputs on tiles of at most 10, 5 outputs on tiles of at most 4), two blocks of images per pass and
     * batches above one block of the mixed-precision update: output, input gradient and the weights after each step
     * equal those of the same crossbar (same seed) multiplying the same blocks of patch rows gathered once and kept
     * whole for its update.
     */
    @Test
    void theConvolutionTrainsExactlyLikeItsCrossbarOnKeptPatchRows() {
        for (String preset : List.of("MixedPrecisionReRamSBPreset", "ReRamSBPreset")) {
            TrainingRpuConfig cfg = TrainingPresets.named(preset);
            int inC = 3, outC = 5, h = 40, w = 40, batch = 8;
            PulsedAnalogConv conv = new PulsedAnalogConv(inC, outC, 3, 3, 1, 1, 1, 1, 1, 1, true, cfg, 10, 4,
                    new Rng(41));
            PulsedAnalogLinear plain = new PulsedAnalogLinear(inC * 9, outC, true, cfg, 10, 4, new Rng(41));
            ConvGeometry g = new ConvGeometry(inC, h, w, 3, 3, 1, 1, 1, 1, 1, 1);
            int p = g.outH() * g.outW(), n = batch * p, k = g.patchSize(), images = PulsedAnalogConv.blockImages(p);
            assertThat(images).as("two blocks").isLessThan(batch).isGreaterThanOrEqualTo(batch / 2);
            AnalogSgd convSgd = new AnalogSgd(new Sequential(List.of(conv)), 0.1);
            AnalogSgd plainSgd = new AnalogSgd(new Sequential(List.of(plain)), 0.1);
            conv.setNeedsInputGrad(true); // a first layer computes no input gradient by default
            ConvRows reorder = new ConvRows();
            for (int step = 0; step < 3; step++) {
                Tensor x = Tensor.wrap(random(batch * inC * h * w, 50 + step), batch, inC, h, w);
                float[] rows = ConvRows.patchRows(g, x.data(), batch, 1, new float[n * k]);
                plain.updateRowsFrom(UpdateRows.of(rows, k));
                float[] want = new float[batch * outC * p];
                for (int b0 = 0; b0 < batch; b0 += images) {
                    int nb = Math.min(images, batch - b0);
                    float[] y = new float[nb * p * outC];
                    plain.forwardBlock(Arrays.copyOfRange(rows, b0 * p * k, (b0 + nb) * p * k), nb * p, y);
                    ConvRows.rowsToChannels(y, nb, p, outC, want, b0);
                }
                Tensor y = conv.forward(x);
                assertThat(Arrays.copyOf(y.data(), y.size())).as("%s output, step %d", preset, step)
                        .containsExactly(want);

                float[] dy = random(batch * outC * p, 60 + step);
                float[] dyRows = reorder.channelsToRows(dy, batch, p, outC).clone();
                plain.keepGradient(dyRows, n);
                float[] wantGrad = new float[batch * inC * h * w];
                for (int b0 = 0; b0 < batch; b0 += images) {
                    int nb = Math.min(images, batch - b0);
                    float[] dRows = new float[nb * p * k];
                    plain.inputGradientBlock(b0 * p, nb * p, dRows);
                    reorder.rowsToImages(g, dRows, b0, nb, wantGrad);
                }
                Tensor grad = conv.backward(Tensor.wrap(dy, batch, outC, h, w));
                assertThat(Arrays.copyOf(grad.data(), grad.size())).as("%s input gradient, step %d", preset, step)
                        .containsExactly(wantGrad);

                plainSgd.step();
                convSgd.step();
                assertThat(conv.crossbar().weightMatrix()).as("%s weights after step %d", preset, step)
                        .containsExactly(plain.weightMatrix());
                assertThat(conv.crossbar().pulseCount()).isEqualTo(plain.pulseCount());
            }
            assertThat(conv.crossbar().pulseCount()).as(preset).isPositive();
        }
    }
}
