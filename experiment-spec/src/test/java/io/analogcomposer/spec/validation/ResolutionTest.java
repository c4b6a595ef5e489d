package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.rpu.BoundManagementType;
import io.analogcomposer.spec.rpu.DeviceType;
import io.analogcomposer.spec.rpu.DriftCompensationType;
import io.analogcomposer.spec.rpu.NoiseManagementType;
import io.analogcomposer.spec.rpu.NoiseModelType;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.rpu.RpuType;
import io.analogcomposer.spec.rpu.WeightModifierType;
import org.junit.jupiter.api.Test;

/** Resolution fills AIHWKit's defaults, applies presets under the user's settings and infers sizes. */
class ResolutionTest {

    final Validator validator = Validator.standard();

    static final String MLP = """
            {"kind": "%s", "dataset": {"name": "fashion-mnist"},
             "network": {"input_shape": [1, 28, 28], "layers": [
               {"type": "flatten"}, {"type": "analog_linear", "out_features": 64}, {"type": "relu"},
               {"type": "analog_linear", "out_features": 10%s}, {"type": "log_softmax"}]}%s}""";

    ExperimentSpec resolve(String kind, String lastLayerExtra, String rest) {
        ValidationResult result = validator.validate(MLP.formatted(kind, lastLayerExtra, rest));
        assertThat(result.errors()).isEmpty();
        return result.resolved();
    }

    @Test
    void anInferenceRunGetsAihwkitsInferenceRpuConfigDefaults() {
        ExperimentSpec spec = resolve("inference", "", ", \"training\": {\"epochs\": 2}");
        RPUConfig config = spec.network().layers().get(1).rpuConfig();
        assertThat(config.type()).isEqualTo(RpuType.INFERENCE);
        assertThat(config.forward().outNoise()).isEqualTo(0.06);
        assertThat(config.forward().inpRes()).isCloseTo(1.0 / 126, within(1e-15));
        assertThat(config.forward().outRes()).isCloseTo(1.0 / 510, within(1e-15));
        assertThat(config.forward().outBound()).isEqualTo(12.0);
        assertThat(config.forward().boundManagement()).isEqualTo(BoundManagementType.ITERATIVE);
        assertThat(config.forward().noiseManagement()).isEqualTo(NoiseManagementType.ABS_MAX);
        assertThat(config.backward().isPerfect()).isTrue();
        assertThat(config.noiseModel().type()).isEqualTo(NoiseModelType.PCM_LIKE);
        assertThat(config.noiseModel().progCoeff()).containsExactly(0.26348, 1.965, -1.1731);
        assertThat(config.noiseModel().gMax()).isEqualTo(25.0);
        assertThat(config.noiseModel().t0()).isEqualTo(20.0);
        assertThat(config.driftCompensation().type()).isEqualTo(DriftCompensationType.GLOBAL);
        assertThat(config.mapping().maxInputSize()).isEqualTo(512);
        assertThat(config.device()).isNull();
        assertThat(config.update()).isNull();
        assertThat(spec.network().layers().get(1).inFeatures()).isEqualTo(784);
        assertThat(spec.network().layers().get(3).inFeatures()).isEqualTo(64);
    }

    @Test
    void theComposersTimeGridIsZeroThenLogSpacedToTheLastTime() {
        ExperimentSpec spec = resolve("inference", "",
                ", \"training\": {\"epochs\": 1}, \"inference\": {\"inference_time\": 86400, \"n_times\": 10}");
        var times = spec.inference().tInference();
        assertThat(times).hasSize(10);
        assertThat(times.get(0)).isZero();
        assertThat(times.get(1)).isEqualTo(1.0);
        assertThat(times.get(9)).isEqualTo(86400.0);
        for (int i = 2; i < 10; i++) {
            assertThat(times.get(i) / times.get(i - 1)).isCloseTo(Math.pow(86400, 1.0 / 8), within(1e-9));
        }
    }

    @Test
    void aPresetSitsUnderTheExperimentsSettingsWhichSitUnderTheLayers() {
        ExperimentSpec spec = resolve("inference", ", \"rpu_config\": {\"forward\": {\"out_noise\": 0.02}}",
                ", \"preset\": \"WebComposerInferenceRPUConfig\", \"rpu_config\": {\"forward\": {\"out_noise\": 0.04}},"
                        + " \"training\": {\"epochs\": 1}");
        RPUConfig first = spec.network().layers().get(1).rpuConfig();
        RPUConfig last = spec.network().layers().get(3).rpuConfig();
        assertThat(first.forward().outNoise()).isEqualTo(0.04);
        assertThat(last.forward().outNoise()).isEqualTo(0.02);
        // From the preset, untouched by either override.
        assertThat(last.forward().outBound()).isEqualTo(20.0);
        assertThat(last.modifier().type()).isEqualTo(WeightModifierType.ADD_NORMAL);
        assertThat(last.modifier().stdDev()).isEqualTo(0.1);
        assertThat(last.mapping().learnOutScaling()).isTrue();
        assertThat(last.clip().fixedValue()).isEqualTo(1.0);
    }

    @Test
    void converterBitsBecomeStepSizesAndOverrideThePresets() {
        ExperimentSpec spec = resolve("inference", ", \"rpu_config\": {\"forward\": {\"inp_res\": 0.01}}",
                ", \"preset\": \"WebComposerInferenceRPUConfig\", \"rpu_config\": {\"forward\": {\"inp_bits\": 8, \"out_bits\": 10}},"
                        + " \"training\": {\"epochs\": 1}");
        var first = spec.network().layers().get(1).rpuConfig().forward();
        assertThat(first.inpBits()).isEqualTo(8);
        assertThat(first.inpRes()).isEqualTo(1.0 / 254);
        assertThat(first.outRes()).isEqualTo(1.0 / 1022);
        // The layer's own step size is more specific than the experiment's bits, which are dropped there.
        var last = spec.network().layers().get(3).rpuConfig().forward();
        assertThat(last.inpRes()).isEqualTo(0.01);
        assertThat(last.inpBits()).isNull();
        assertThat(last.outRes()).isEqualTo(1.0 / 1022);
    }

    @Test
    void aDeviceOfAnotherTypeReplacesThePresetsDeviceAndGetsItsOwnDefaults() {
        ExperimentSpec spec = resolve("training", "",
                ", \"preset\": \"CapacitorPreset\", \"rpu_config\": {\"device\": {\"type\": \"exp_step\"}}");
        var device = spec.rpuConfig().device();
        assertThat(device.type()).isEqualTo(DeviceType.EXP_STEP);
        assertThat(device.gammaUp()).isEqualTo(12.44625);
        assertThat(device.dwMin()).isEqualTo(0.001);
        assertThat(device.lifetime()).isEqualTo(0.0);
        assertThat(spec.rpuConfig().forward().outBound()).isEqualTo(20.0);
    }

    @Test
    void perTypeDefaultsFollowAihwkitsClasses() {
        ExperimentSpec chopped = resolve("training", "", ", \"preset\": \"ChoppedTTv2ReRamSBPreset\"");
        var device = chopped.rpuConfig().device();
        assertThat(device.type()).isEqualTo(DeviceType.CHOPPED_TRANSFER);
        assertThat(device.unitsInMbatch()).isFalse();
        assertThat(device.inChopProb()).isEqualTo(0.01);
        assertThat(device.momentum()).isEqualTo(0.0);
        assertThat(device.transferUpdate().desiredBl()).isEqualTo(1);
        assertThat(device.unitCellDevices()).allSatisfy(d -> {
            assertThat(d.type()).isEqualTo(DeviceType.SOFT_BOUNDS_REFERENCE);
            assertThat(d.multNoise()).isFalse();
            assertThat(d.subtractSymmetryPoint()).isTrue();
        });
        ExperimentSpec single = resolve("training", "", "");
        assertThat(single.rpuConfig().type()).isEqualTo(RpuType.SINGLE);
        assertThat(single.rpuConfig().device().type()).isEqualTo(DeviceType.CONSTANT_STEP);
        assertThat(single.rpuConfig().device().dwMin()).isEqualTo(0.001);
        assertThat(single.rpuConfig().backward().isPerfect()).isFalse();
        assertThat(single.training().epochs()).isEqualTo(30);
        assertThat(single.training().optimizer().lr()).isEqualTo(0.05);
    }

    @Test
    void autoGoesToCpuOrThePreferredGpuAndHardwareInferenceToTheChip() {
        String doc = MLP.formatted("training", "", "");
        assertThat(validator.validate(doc).backend()).isEqualTo(Backend.CPU);
        assertThat(new Validator(validator.catalogue(), Limits.DEFAULT, true).validate(doc).backend())
                .isEqualTo(Backend.GPU);
        String hardware = MLP.formatted("hardware_inference", "", ", \"training\": {\"epochs\": 1}");
        ValidationResult result = validator.validate(hardware);
        assertThat(result.errors()).isEmpty();
        assertThat(result.backend()).isEqualTo(Backend.HARDWARE);
    }

    @Test
    void theResolvedDocumentValidatesAgainAndResolvesToItself() {
        ValidationResult first = validator.validate(MLP.formatted("inference", "",
                ", \"preset\": \"StandardHWATrainingPreset\", \"training\": {\"epochs\": 3}"));
        assertThat(first.errors()).isEmpty();
        ValidationResult second = validator.validate(first.resolvedJson());
        assertThat(second.errors()).isEmpty();
        assertThat(second.resolved()).isEqualTo(first.resolved());
    }
}
