package io.analogcomposer.engine.analog.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The periphery effects of AIHWKit's forward pass (its applyVoltageOffsets and the read asymmetry of the negative
 * pass), on an otherwise exact MVM (no quantization, noise or management) so each effect shows alone.
 */
class PeripheryNonIdealitiesTest {

    static final ComputeBackend BE = new JavaBackend(1);
    static final int OUT = 200, IN = 16, ROWS = 8;

    static IOParameters.Builder exact() {
        return IOParameters.DEFAULT.toBuilder().inpRes(0).outRes(0).outNoise(0).inpBound(100).outBound(1e6)
                .noiseManagement(NoiseManagement.NONE).boundManagement(BoundManagement.NONE);
    }

    static float[] weights() {
        float[] w = new float[OUT * IN];
        new Rng(1).fillUniform(w, 0, w.length, -0.5f, 0.5f);
        return w;
    }

    static float[] inputs(float lo, float hi) {
        float[] x = new float[ROWS * IN];
        new Rng(2).fillUniform(x, 0, x.length, lo, hi);
        return x;
    }

    static float[] ideal(float[] w, float[] x) {
        float[] y = new float[ROWS * OUT];
        new AnalogMvm(exact().build(), OUT, IN, new Rng(3)).forward(w, x, ROWS, y, 1.0, new Rng(4), BE);
        return y;
    }

    @Test
    void voltageOffsetsScaleEachLineByOneMinusItsOffset() {
        float[] w = weights(), x = inputs(-1, 1), y0 = ideal(w, x), y = new float[ROWS * OUT];
        new AnalogMvm(exact().vOffsetStd(0.05).vOffsetWMin(0).build(), OUT, IN, new Rng(3)).forward(w, x, ROWS, y,
                1.0, new Rng(4), BE);
        int unchanged = 0;
        for (int i = 0; i < OUT; i++) {
            double factor = y[i] / y0[i]; // 1 − v_i with v_i = max(0.05·N, 0)
            assertThat(factor).isBetween(1 - 0.05 * 5, 1.0 + 1e-6);
            for (int r = 1; r < ROWS; r++) {
                assertThat(y[r * OUT + i]).as("the same factor on every row").isCloseTo(
                        (float) (factor * y0[r * OUT + i]),
                        offset(1e-5f));
            }
            if (Math.abs(factor - 1) < 1e-6) {
                unchanged++;
            }
        }
        // v = max(σ·N, 0): half of the lines have no offset
        assertThat(unchanged).isBetween(OUT / 2 - 40, OUT / 2 + 40);
    }

    @Test
    void aSeriesResistanceCompressesLargeCurrents() {
        float[] w = weights(), x = inputs(-1, 1), y0 = ideal(w, x), y = new float[ROWS * OUT];
        new AnalogMvm(exact().rSeries(0.3).vOffsetWMin(0).build(), OUT, IN, new Rng(3)).forward(w, x, ROWS, y, 1.0,
                new Rng(4), BE);
        for (int k = 0; k < y.length; k++) {
            assertThat(y[k]).isCloseTo((float) (y0[k] / (1 + 0.3 * Math.abs(y0[k]))), offset(1e-5f));
        }
    }

    @Test
    void withAnImplicitReferenceTheOffsetNoLongerCancels() {
        // v_offset_w_min −1, no series resistance: y' = (1 − v)·y − 2·v·Σx, so lines with v = 0 stay exact
        float[] w = weights(), x = inputs(0.5f, 1f), y0 = ideal(w, x), y = new float[ROWS * OUT];
        new AnalogMvm(exact().vOffsetStd(0.05).vOffsetWMin(-1).build(), OUT, IN, new Rng(3)).forward(w, x, ROWS, y,
                1.0, new Rng(4), BE);
        double[] xSum = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < IN; j++) {
                xSum[r] += x[r * IN + j];
            }
        }
        int exact = 0;
        for (int i = 0; i < OUT; i++) {
            // each line's offset, recovered from row 0, predicts every other row
            double v = (y0[i] - y[i]) / (y0[i] + 2 * xSum[0]);
            assertThat(v).isBetween(-1e-5, 0.05 * 5);
            for (int r = 1; r < ROWS; r++) {
                double expected = y0[r * OUT + i] - v * (y0[r * OUT + i] + 2 * xSum[r]);
                assertThat((double) y[r * OUT + i]).isCloseTo(expected, offset(1e-4));
            }
            if (Math.abs(v) < 1e-6) {
                exact++;
            }
        }
        assertThat(exact).isBetween(OUT / 2 - 40, OUT / 2 + 40);
    }

    @Test
    void negativeInputsSeeEachDevicesReadAsymmetryInTheTwoPassMvm() {
        IOParameters asym = exact().mvType(AnalogMvType.POS_NEG_SEPARATE).wReadAsymmetryDtod(0.2).build();
        float[] w = weights();
        float[] pos = inputs(0.1f, 1f), neg = pos.clone();
        for (int k = 0; k < neg.length; k++) {
            neg[k] = -neg[k];
        }
        float[] yPos = new float[ROWS * OUT], yNeg = new float[ROWS * OUT];
        AnalogMvm mvm = new AnalogMvm(asym, OUT, IN, new Rng(3));
        mvm.forward(w, pos, ROWS, yPos, 1.0, new Rng(4), BE);
        mvm.forward(w, neg, ROWS, yNeg, 1.0, new Rng(4), BE);
        float[] ideal = ideal(w, pos);
        double diff2 = 0, ref2 = 0;
        for (int k = 0; k < yPos.length; k++) {
            assertThat(yPos[k]).as("positive inputs read the plain weights").isCloseTo(ideal[k], offset(1e-5f));
            diff2 += Math.pow(yNeg[k] + ideal[k], 2);
            ref2 += ideal[k] * ideal[k];
        }
        // negative inputs read w·(1 + f) with f ~ N(0, 0.2²): a relative output error of roughly 0.2/√IN·√IN-ish size
        assertThat(Math.sqrt(diff2 / ref2)).isBetween(0.05, 0.5);
    }

    @Test
    void averageAbsMaxNoiseManagementScalesByARunningAverageSoOutliersSaturate() {
        // row 0 has abs-max 1, the later rows 10: the running average (decay 0.001) stays near 1, so the later rows are
        // clipped at about ±1 by the DAC (bound 1) instead of being scaled down as abs-max would do
        IOParameters avg = exact().inpBound(1).noiseManagement(NoiseManagement.AVERAGE_ABS_MAX).build();
        float[] w = weights();
        float[] x = new float[ROWS * IN];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < IN; j++) {
                x[r * IN + j] = (j % 2 == 0 ? 1f : -1f) * (r == 0 ? 1f : 10f) * (j + 1) / IN;
            }
        }
        float[] y = new float[ROWS * OUT];
        new AnalogMvm(avg, OUT, IN, new Rng(3)).forward(w, x, ROWS, y, 1.0, new Rng(4), BE);
        double m = 1;
        for (int r = 0; r < ROWS; r++) {
            double amax = r == 0 ? 1 : 10;
            m = r == 0 ? amax : m * (1 - 1e-3) + 1e-3 * amax;
            for (int i = 0; i < OUT; i++) {
                double expected = 0;
                for (int j = 0; j < IN; j++) {
                    double v = Math.max(-1, Math.min(1, x[r * IN + j] / m)) * m; // clipped at the DAC, scaled back
                    expected += w[i * IN + j] * v;
                }
                assertThat((double) y[r * OUT + i]).as("row %d line %d", r, i).isCloseTo(expected, offset(1e-4));
            }
        }
        // a second call goes on from the average the first left
        float[] again = new float[ROWS * OUT];
        AnalogMvm mvm = new AnalogMvm(avg, OUT, IN, new Rng(3));
        mvm.forward(w, x, ROWS, again, 1.0, new Rng(4), BE);
        mvm.forward(w, x, 1, again, 1.0, new Rng(4), BE);
        double m2 = m * (1 - 1e-3) + 1e-3 * 1.0;
        double expected0 = 0;
        for (int j = 0; j < IN; j++) {
            expected0 += w[j] * Math.max(-1, Math.min(1, x[j] / m2)) * m2;
        }
        assertThat((double) again[0]).isCloseTo(expected0, offset(1e-4));
    }
}
