package io.analogcomposer.engine.analog.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A soft-bounds device is recovered from its own simulated pulse response. */
class DeviceFitTest {
    @Test
    void recoversSoftBoundsParametersFromAMeasuredResponse(@TempDir Path dir) throws Exception {
        var truth = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(0.01).upDown(0.2)
                .wMax(1.0).wMin(-1.0).dwMinStd(0.1).build();
        PulsedDeviceArray a = PulsedDeviceArray.create(truth, 1, 1, new Rng(5));
        int n = 400;
        StringBuilder csv = new StringBuilder("pulse,conductance\n");
        Rng r = new Rng(6);
        // a "conductance" in microsiemens: 20 + 10 w
        csv.append(0).append(',').append(20 + 10 * a.weights()[0]).append('\n');
        for (int t = 1; t <= 2 * n; t++) {
            a.pulse(0, 1, t > n, r);
            csv.append(t).append(',').append(20 + 10 * a.weights()[0]).append('\n');
        }
        Path f = dir.resolve("m.csv");
        Files.writeString(f, csv);
        DeviceFit fit = DeviceFit.softBoundsCsv(f);
        // the measured range does not reach the bounds, so the normalisation differs from the truth: compare the
        // fitted device in measured units (w * scale + offset) with the true one (20 + 10 w)
        double wMaxMeasured = fit.device().wMax() * fit.scale() + fit.offset();
        double wMinMeasured = fit.device().wMin() * fit.scale() + fit.offset();
        double upStepAt20 = fit.device().dwMin() * (1 - (20 - fit.offset()) / fit.scale() / fit.device().wMax())
                * fit.scale();
        // 400 steps with 10 % noise per direction: the line's coefficients are known to about 1 %
        assertThat(wMaxMeasured).isCloseTo(30.0, within(1.0));
        assertThat(wMinMeasured).isCloseTo(10.0, within(1.0));
        assertThat(upStepAt20).isCloseTo(0.1, within(0.005)); // dw_min 0.01 x 10 uS at w = 0, up scale 1
        assertThat(fit.residualStd()).isCloseTo(0.1, within(0.03));
        assertThat(fit.device().upDown()).isCloseTo(0.2, within(0.05));
    }
}
