package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.rpu.Device;
import io.analogcomposer.spec.rpu.DeviceType;
import io.analogcomposer.spec.rpu.PulseType;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.rpu.RpuType;
import io.analogcomposer.spec.rpu.VectorUpdatePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In-memory training documents of every algorithm family validate and resolve with AIHWKit's per-class defaults (what
 * the worker's engine then runs); combinations AIHWKit's C++ refuses are errors naming the field.
 */
class InMemoryTrainingValidationTest {

    final Validator validator = Validator.standard();

    static final String DEVICE = "{\"type\": \"constant_step\", \"dw_min\": 0.005}";
    static final String CELLS = "\"unit_cell_devices\": [" + DEVICE + ", " + DEVICE + "]";

    static String document(String rpuConfig) {
        return """
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": 10, "rpu_config": %s},
                   {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "optimizer": {"type": "analog_sgd", "lr": 0.1}}}""".formatted(rpuConfig);
    }

    RPUConfig resolved(String rpuConfig) {
        ValidationResult result = validator.validate(document(rpuConfig));
        assertThat(result.errors()).as(rpuConfig).isEmpty();
        ExperimentSpec spec = result.resolved();
        return spec.network().layers().get(1).rpuConfig();
    }

    List<Issue> errors(String rpuConfig) {
        return validator.validate(document(rpuConfig)).errors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"transfer", "buffered_transfer", "chopped_transfer", "dynamic_transfer", "vector",
            "reference", "one_sided"})
    void everyUnitCellFamilyWithTwoPulsedDevicesValidates(String type) {
        RPUConfig c = resolved("{\"type\": \"unit_cell\", \"device\": {\"type\": \"" + type + "\", " + CELLS + "}}");
        assertThat(c.type()).isEqualTo(RpuType.UNIT_CELL);
        assertThat(c.device().type().wire()).isEqualTo(type);
        assertThat(c.device().unitCellDevices()).extracting(Device::dwMin).containsExactly(0.005, 0.005);
        assertThat(c.update().desiredBl()).isEqualTo(31);
    }

    @Test
    void singleDevicesAndMixedPrecisionValidate() {
        assertThat(resolved("{\"type\": \"single\", \"device\": " + DEVICE + "}").device().type())
                .isEqualTo(DeviceType.CONSTANT_STEP);
        assertThat(resolved("{\"type\": \"unit_cell\", \"device\": {\"type\": \"mixed_precision\", \"device\": "
                + DEVICE + "}}").device().device().dwMin()).isEqualTo(0.005);
        RPUConfig implicit = resolved("{\"type\": \"single\", \"device\": " + DEVICE + ", \"update\": "
                + "{\"pulse_type\": \"deterministic_implicit\", \"x_res_implicit\": 0.1, \"d_res_implicit\": 0.05}}");
        assertThat(implicit.update().pulseType()).isEqualTo(PulseType.DETERMINISTIC_IMPLICIT);
        assertThat(implicit.update().xResImplicit()).isEqualTo(0.1);
        assertThat(implicit.update().dResImplicit()).isEqualTo(0.05);
    }

    @Test
    void choppedAndDynamicTransferGetAihwkitsClassDefaults() {
        Device chopped = resolved("{\"type\": \"unit_cell\", \"device\": {\"type\": \"chopped_transfer\", " + CELLS
                + "}}").device();
        assertThat(chopped.unitsInMbatch()).isFalse();
        assertThat(chopped.scaleFastLr()).isFalse();
        assertThat(chopped.momentum()).isZero();
        assertThat(chopped.inChopProb()).isEqualTo(0.1);
        assertThat(chopped.inChopRandom()).isTrue();
        assertThat(chopped.autoGranularity()).isZero();
        assertThat(chopped.transferUpdate().desiredBl()).isEqualTo(1);
        assertThat(chopped.transferUpdate().updateManagement()).isFalse();
        Device agad = resolved("{\"type\": \"unit_cell\", \"device\": {\"type\": \"dynamic_transfer\", " + CELLS
                + "}}").device();
        assertThat(agad.inChopRandom()).as("AGAD switches its chopper regularly").isFalse();
        assertThat(agad.tailWeightening()).isEqualTo(5.0);
        assertThat(agad.bufferCap()).isZero();
        Device reference = resolved("{\"type\": \"unit_cell\", \"device\": {\"type\": \"reference\", " + CELLS
                + "}}").device();
        assertThat(reference.updatePolicy()).isEqualTo(VectorUpdatePolicy.SINGLE_FIXED);
    }

    @Test
    void theCataloguesTrainingPresetsResolveForATrainingRun() {
        for (String preset : List.of("ReRamSBPreset", "TikiTakaEcRamPreset", "TTv2CapacitorPreset",
                "ChoppedTTv2IdealizedPreset", "AGADReRamESPreset", "MixedPrecisionEcRamMOPreset", "PCMPreset",
                "ReRamSB4Preset")) {
            String doc = document("{}").replace("\"rpu_config\": {}", "\"preset\": \"" + preset + "\"");
            ValidationResult result = validator.validate(doc);
            assertThat(result.errors()).as(preset).isEmpty();
            assertThat(result.resolved().network().layers().get(1).rpuConfig().type().pulsedTraining()).isTrue();
        }
    }

    @Test
    void adamOrMomentumWithInMemoryLayersIsValidButWarnedAbout() {
        String doc = document("{\"type\": \"single\", \"device\": " + DEVICE + "}").replace(
                "{\"type\": \"analog_sgd\", \"lr\": 0.1}", "{\"type\": \"adam\", \"lr\": 0.1}");
        ValidationResult result = validator.validate(doc);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(Issue::pointer).contains("/training/optimizer");
        assertThat(result.warnings()).extracting(Issue::message).anyMatch(m -> m.contains("adam"));
        String plain = document("{\"type\": \"single\", \"device\": " + DEVICE + "}");
        assertThat(validator.validate(plain).warnings()).extracting(Issue::pointer)
                .doesNotContain("/training/optimizer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chopped_transfer", "dynamic_transfer"})
    void choppedTransferRefusesWhatAihwkitsChoppedDeviceCannotDo(String type) {
        List<Issue> issues = errors("{\"type\": \"unit_cell\", \"device\": {\"type\": \"" + type + "\", " + CELLS
                + ", \"n_reads_per_transfer\": 2, \"random_selection\": true, \"with_reset_prob\": 0.1}}");
        assertThat(issues).extracting(Issue::pointer).contains(
                "/network/layers/1/rpu_config/device/n_reads_per_transfer",
                "/network/layers/1/rpu_config/device/random_selection",
                "/network/layers/1/rpu_config/device/with_reset_prob");
        assertThat(issues).extracting(Issue::code).containsOnly("unsupported_combination");
        assertThat(issues.getFirst().message()).contains(type);

        List<Issue> three = errors("{\"type\": \"unit_cell\", \"device\": {\"type\": \"" + type
                + "\", \"unit_cell_devices\": [" + DEVICE + ", " + DEVICE + ", " + DEVICE + "]}}");
        assertThat(three).extracting(Issue::message).anyMatch(m -> m.contains("exactly 2 unit_cell_devices, has 3"));
    }
}
