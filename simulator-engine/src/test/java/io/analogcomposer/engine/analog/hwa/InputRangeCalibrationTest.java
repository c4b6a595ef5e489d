package io.analogcomposer.engine.analog.hwa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.hwa.InputRangeCalibration.Settings;
import io.analogcomposer.engine.analog.hwa.InputRangeCalibration.Type;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Post-training input-range calibration on inputs of known distribution: standard normal values (σ = 1) in 40
 * batches of 50 rows of 64, plus all-zero rows that must not count.
 */
class InputRangeCalibrationTest {

    static BatchLoader data() {
        int rows = 2000, width = 64;
        float[] x = new float[rows * width];
        Rng rng = new Rng(5);
        for (int b = 0; b < rows; b++) {
            if (b % 10 == 9) {
                continue; // an all-zero row (e.g. padding): left out
            }
            for (int j = 0; j < width; j++) {
                x[b * width + j] = (float) io.analogcomposer.engine.analog.util.Gaussian.next(rng);
            }
        }
        return new BatchLoader(new Dataset("normal", new int[]{width}, x, new int[rows], 10), 50, false, 0, false);
    }

    static double calibrated(Type type, double quantile, int maxSamples) {
        AnalogLinear layer = new AnalogLinear(64, 8, true, InferenceRpuConfig.DEFAULT, new Rng(1));
        assertThat(layer.inputRangeValue()).as("noise management before calibration").isZero();
        List<Double> ranges = InputRangeCalibration.calibrate(layer, data(), new Settings(type, quantile, maxSamples,
                null, 40), new Rng(2));
        assertThat(ranges).hasSize(1);
        assertThat(layer.inputRangeValue()).isEqualTo(ranges.getFirst());
        assertThat(layer.config().inputRange().learnInputRange()).isFalse();
        return ranges.getFirst();
    }

    @Test
    void movingStdIsStdAlphaTimesTheInputsStd() {
        // AIHWKit's init_std_alpha 3 and σ = 1; the running mean starts from the 3.0 the range gets first
        assertThat(calibrated(Type.MOVING_STD, 0.99995, 1000)).isCloseTo(3.0, offset(0.03));
    }

    @Test
    void movingQuantileAveragesEachBatchsQuantile() {
        // the 0.99 quantile of a standard normal is 2.326; each batch has 2,880 values
        assertThat(calibrated(Type.MOVING_QUANTILE, 0.99, 1000)).isCloseTo(2.326, offset(0.06));
    }

    @Test
    void cacheQuantileTakesTheQuantileOfTheKeptRows() {
        // 500 kept rows of 64 values: the 0.999 quantile of a normal is 3.090
        assertThat(calibrated(Type.CACHE_QUANTILE, 0.999, 500)).isCloseTo(3.090, offset(0.15));
    }

    @Test
    void maxIsTheLargestMagnitudeSeen() {
        BatchLoader loader = data();
        double max = 0;
        float[] x = loader.dataset().inputs();
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(calibrated(Type.MAX, 1.0, 1000)).isEqualTo((float) max, offset(1e-6));
    }

    @Test
    void noneLeavesTheLayerAlone() {
        AnalogLinear layer = new AnalogLinear(64, 8, true, InferenceRpuConfig.DEFAULT, new Rng(1));
        assertThat(InputRangeCalibration.calibrate(layer, data(), new Settings(Type.NONE, 0.99, 10, null, 5),
                new Rng(2))).isEmpty();
        assertThat(layer.inputRangeValue()).isZero();
    }
}
