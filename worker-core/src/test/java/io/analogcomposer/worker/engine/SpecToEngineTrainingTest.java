package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.ChoppedTransferRpuConfig;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.TrainingPresets;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.PresetInfo;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In-memory training documents ({@code rpu_config.type: single | unit_cell}) as the validator resolves them map to
 * the engine's pulsed layers with the same configuration as the engine's presets.
 */
class SpecToEngineTrainingTest {

    static ExperimentSpec resolved(String json) {
        ValidationResult result = Validator.standard().validate(json);
        assertThat(result.errors()).as("test document is valid").isEmpty();
        return result.resolved();
    }

    /** A 16-16-4 network whose layers both use {@code layerConfig} (a preset or an rpu_config). */
    static String document(String layerConfig, double lr, int epochs) {
        return """
                {"kind": "training", "name": "in-memory", "seed": 3,
                 "dataset": {"name": "synthetic", "synthetic_samples": 400, "synthetic_classes": 4,
                             "validation_fraction": 0, "max_test_samples": 100},
                 "network": {"input_shape": [1, 4, 4], "layers": [
                    {"type": "flatten"},
                    {"type": "analog_linear", "out_features": 16, %1$s},
                    {"type": "sigmoid"},
                    {"type": "analog_linear", "out_features": 4, %1$s},
                    {"type": "log_softmax"}]},
                 "training": {"epochs": %3$d, "batch_size": 10, "loss": "nll", "shuffle": true,
                              "optimizer": {"type": "analog_sgd", "lr": %2$s}}}
                """.formatted(layerConfig, lr, epochs);
    }

    static String preset(String name) {
        return "\"preset\": \"" + name + "\"";
    }

    private static List<PulsedAnalogLinear> pulsedLayers(RunSpec run) {
        Sequential model = ModelBuilder.build(run.network(), run.seed(), null);
        List<PulsedAnalogLinear> out = new ArrayList<>();
        for (Module m : model.layers()) {
            if (m instanceof PulsedAnalogLinear p) {
                out.add(p);
            }
        }
        return out;
    }

    /** Field by field; numbers equal to 1e-12 (JSON decimals vs. the engine's arithmetic, e.g. 0.3 * 4 / 3). */
    static void assertSameConfig(TrainingRpuConfig actual, TrainingRpuConfig expected, String name) {
        assertThat(actual.getClass()).as(name).isEqualTo(expected.getClass());
        assertThat(actual).as(name).usingRecursiveComparison()
                .withComparatorForType((a, b) -> Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)) ? 0 : 1,
                        Double.class)
                .isEqualTo(expected);
    }

    @Test
    void aSingleDevicePresetBuildsPulsedLayersWithTheEnginesPreset() throws Exception {
        RunSpec run = SpecToEngine.runSpec(resolved(document(preset("ReRamSBPreset"), 0.1, 1)));

        List<PulsedAnalogLinear> layers = pulsedLayers(run);
        assertThat(layers).hasSize(2);
        assertSameConfig(layers.get(0).config(), TrainingPresets.named("ReRamSBPreset"), "ReRamSBPreset");
        assertThat(run.training().optimizer().create(ModelBuilder.build(run.network(), 0, null)))
                .isInstanceOf(AnalogSgd.class);
    }

    /**
     * Every training preset of the catalogue that the engine implements maps to exactly the engine's preset of the
     * same name (device parameters, IO, update, algorithm settings), so the catalogue and the engine cannot drift
     * apart; the others are refused with a sentence naming what is missing.
     */
    @Test
    void everyCatalogueTrainingPresetMapsToTheEnginesPresetOrIsRefusedClearly() throws Exception {
        int mapped = 0;
        List<String> refused = new ArrayList<>();
        for (PresetInfo p : Catalogue.get().presets()) {
            String type = p.rpuConfig() == null ? "" : p.rpuConfig().path("type").asString();
            if (!p.kinds().contains(ExperimentKind.TRAINING) || !List.of("single", "unit_cell").contains(type)) {
                continue;
            }
            ExperimentSpec spec = resolved(document(preset(p.name()), 0.1, 1));
            TrainingRpuConfig engine;
            try {
                engine = TrainingPresets.named(p.name());
            } catch (IllegalArgumentException notInEngine) {
                engine = null;
            }
            if (engine == null) {
                assertThatThrownBy(() -> pulsedLayers(SpecToEngine.runSpec(spec))).as(p.name())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
                refused.add(p.name());
                continue;
            }
            assertSameConfig(pulsedLayers(SpecToEngine.runSpec(spec)).get(0).config(), engine, p.name());
            mapped++;
        }
        assertThat(mapped).isGreaterThanOrEqualTo(50);
        assertThat(refused).isEmpty();
    }

    @Test
    void theChopperAndAgadSettingsOfADocumentReachTheEngine() throws Exception {
        String custom = """
                "rpu_config": {"type": "unit_cell", "device": {"type": "dynamic_transfer",
                   "unit_cell_devices": [{"type": "constant_step", "dw_min": 0.001},
                                         {"type": "constant_step", "dw_min": 0.002}],
                   "in_chop_prob": 0.05, "tail_weightening": 2.0, "buffer_cap": 3.0, "forget_buffer": false,
                   "auto_granularity": 500, "fast_lr": 0.2}}""";
        RunSpec run = SpecToEngine.runSpec(resolved(document(custom, 0.1, 1)));

        var cfg = (ChoppedTransferRpuConfig) pulsedLayers(run).get(0).config();
        assertThat(cfg.device().inChopProb()).isEqualTo(0.05);
        assertThat(cfg.device().inChopRandom()).as("AGAD's default: regular chopper").isFalse();
        assertThat(cfg.device().dynamic().tailWeightening()).isEqualTo(2.0);
        assertThat(cfg.device().dynamic().bufferCap()).isEqualTo(3.0);
        assertThat(cfg.device().forgetBuffer()).isFalse();
        assertThat(cfg.device().autoGranularity()).isEqualTo(500);
        assertThat(cfg.device().fastLr()).isEqualTo(0.2);
        assertThat(cfg.device().unitsInMbatch()).as("the format's default for dynamic_transfer").isFalse();
        assertThat(cfg.device().unitCellDevices().get(1).dwMin()).isEqualTo(0.002);
        assertThat(cfg.device().transferUpdate().desiredBl()).as("transfer update default BL 1").isEqualTo(1);
    }

    @Test
    void aFieldTheEngineDoesNotModelIsRefusedNamingItWhenItWouldChangeTheRun() throws Exception {
        String sparse = """
                "rpu_config": {"type": "single", "update": {"d_sparsity": true},
                               "device": {"type": "constant_step"}}""";
        RunSpec run = SpecToEngine.runSpec(resolved(document(sparse, 0.1, 1)));
        assertThatThrownBy(() -> ModelBuilder.resolve(run.network())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rpu_config.update.d_sparsity = true").hasMessageContaining("only false");
    }

    @Test
    void withAdamTheDevicesStillTakePulsedStepsAndTheDigitalBiasesTakeAdams() throws Exception {
        String doc = document(preset("IdealizedPreset"), 0.1, 1).replace("\"type\": \"analog_sgd\"",
                "\"type\": \"adam\"");
        RunSpec run = SpecToEngine.runSpec(resolved(doc));
        var model = ModelBuilder.build(run.network(), 0, null);
        assertThat(run.training().optimizer().create(model)).isInstanceOf(AnalogSgd.class);
    }
}
