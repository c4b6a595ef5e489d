package io.analogcomposer.spec.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CatalogueTest {

    final Catalogue catalogue = Catalogue.get();
    final Validator validator = Validator.standard();

    @Test
    void everyTemplateIsAValidExperiment() {
        assertThat(catalogue.templates()).extracting(TemplateInfo::id).contains("3fc-training", "3fc-inference",
                "lenet5-training", "lenet5-inference", "vgg8-training", "vgg8-inference");
        for (TemplateInfo template : catalogue.templates()) {
            ValidationResult result = validator.validate(SpecJson.write(template.document()));
            assertThat(result.errors()).as(template.id()).isEmpty();
            assertThat(result.resolved()).as(template.id()).isNotNull();
        }
    }

    @Test
    void everyPresetResolvesInAnExperimentOfItsKind() {
        for (PresetInfo preset : catalogue.presets()) {
            ExperimentKind kind = preset.kinds().getFirst();
            ObjectNode doc = (ObjectNode) SpecJson.mapper().readTree("""
                    {"kind": "%s", "dataset": {"name": "mnist"},
                     "network": {"input_shape": [784], "layers": [{"type": "analog_linear", "out_features": 10},
                                 {"type": "log_softmax"}]},
                     "training": {"epochs": 1}}""".formatted(kind.wire()));
            doc.put("preset", preset.name());
            ValidationResult result = validator.validate(doc);
            assertThat(result.errors()).as(preset.name()).isEmpty();
            var config = result.resolved().network().layers().getFirst().rpuConfig();
            assertThat(config.type()).as(preset.name()).isNotNull();
            if (preset.kinds().equals(List.of(ExperimentKind.TRAINING))) {
                assertThat(config.device()).as(preset.name()).isNotNull();
                assertThat(config.update().desiredBl()).as(preset.name()).isNotNull();
            }
        }
    }

    @Test
    void theComposersTrainingAndInferencePresetsAreAllThere() {
        List<String> composer = List.of("ReRamESPreset", "ReRamSBPreset", "CapacitorPreset", "EcRamPreset",
                "IdealizedPreset", "PCMPreset", "MixedPrecisionReRamESPreset", "MixedPrecisionReRamSBPreset",
                "MixedPrecisionCapacitorPreset", "MixedPrecisionEcRamPreset", "MixedPrecisionIdealizedPreset",
                "MixedPrecisionPCMPreset", "TikiTakaReRamESPreset", "TikiTakaReRamSBPreset",
                "TikiTakaCapacitorPreset", "TikiTakaEcRamPreset", "TikiTakaIdealizedPreset", "InferenceRPUConfig",
                "WebComposerInferenceRPUConfig", "OldWebComposerInferenceRPUConfig");
        assertThat(catalogue.names("presets")).containsAll(composer).contains("TTv2ReRamSBPreset",
                "ChoppedTTv2ReRamSBPreset", "AGADReRamSBPreset", "StandardHWATrainingPreset");
        assertThat(catalogue.presets()).allSatisfy(p -> assertThat(p.version()).isPositive());
    }

    @Test
    void datasetsWeightsAndBackendsAreConsistent() {
        assertThat(catalogue.names("datasets")).containsExactly("fashion-mnist", "mnist", "cifar10", "svhn",
                "synthetic");
        assertThat(catalogue.dataset("fashion-mnist").orElseThrow().inputShape()).containsExactly(1, 28, 28);
        for (WeightTemplateInfo weights : catalogue.weightTemplates()) {
            assertThat(catalogue.template(weights.template())).as(weights.id()).isPresent();
            assertThat(catalogue.dataset(weights.dataset())).as(weights.id()).isPresent();
        }
        BackendInfo hardware = catalogue.backend(io.analogcomposer.spec.experiment.Backend.HARDWARE);
        assertThat(hardware.chipDevices()).isEqualTo(512L * 2048);
        assertThat(hardware.kinds()).containsExactly(ExperimentKind.HARDWARE_INFERENCE);
    }

    @Test
    void theCatalogueExportsEverythingTheUiNeeds() {
        var json = catalogue.toJson();
        assertThat(json.propertyNames()).contains("layer_types", "device_types", "noise_models", "presets",
                "datasets", "templates", "weight_templates", "backends", "drift_compensations");
        var softBounds = catalogue.deviceTypes().stream().filter(t -> t.name().equals("soft_bounds")).findFirst()
                .orElseThrow();
        assertThat(softBounds.fields()).contains("dw_min", "w_max", "write_noise_std").doesNotContain("gamma_up",
                "unit_cell_devices");
        var transfer = catalogue.deviceTypes().stream().filter(t -> t.name().equals("transfer")).findFirst()
                .orElseThrow();
        assertThat(transfer.groups()).contains("compound");
        for (List<TypeInfo> types : List.of(catalogue.layerTypes(), catalogue.deviceTypes(), catalogue.noiseModels(),
                catalogue.driftCompensations(), catalogue.rpuTypes())) {
            assertThat(types).isNotEmpty().allSatisfy(t -> assertThat(t.description()).as(t.name()).isNotBlank());
        }
        assertThat(catalogue.rpuTypes()).filteredOn(t -> t.name().equals("single")).singleElement()
                .satisfies(t -> assertThat(t.fields()).contains("device", "update").doesNotContain("noise_model"));
    }
}
