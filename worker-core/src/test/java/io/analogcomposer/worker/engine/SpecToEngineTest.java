package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import org.junit.jupiter.api.Test;

/** The documents the validator resolves are the ones workers receive, so the tests map validator output. */
class SpecToEngineTest {

    private static ExperimentSpec resolved(String json) {
        ValidationResult result = Validator.standard().validate(json);
        assertThat(result.errors()).as("test document is valid").isEmpty();
        return result.resolved();
    }

    private static final String DIGITAL = """
            {"kind": "training", "name": "digital lenet-ish", "seed": 11,
             "dataset": {"name": "synthetic", "synthetic_samples": 300, "synthetic_classes": 4,
                         "validation_fraction": 0.2, "max_test_samples": 50},
             "network": {"input_shape": [1, 12, 12], "layers": [
                {"type": "conv2d", "name": "features", "out_channels": 4, "kernel_size": 3, "padding": 1},
                {"type": "tanh"}, {"type": "max_pool2d", "kernel_size": 2},
                {"type": "flatten"}, {"type": "linear", "out_features": 4}, {"type": "log_softmax"}]},
             "training": {"epochs": 3, "batch_size": 32, "loss": "nll", "shuffle": false,
                          "optimizer": {"type": "adam", "lr": 0.01, "weight_decay": 0.0001},
                          "lr_schedule": {"type": "exponential", "gamma": 0.5}}}
            """;

    @Test
    void aResolvedDigitalTrainingDocumentMapsFieldForField() throws Exception {
        RunSpec run = SpecToEngine.runSpec(resolved(DIGITAL));

        assertThat(run.name()).isEqualTo("digital lenet-ish");
        assertThat(run.seed()).isEqualTo(11);
        assertThat(run.dataset().name()).isEqualTo("synthetic");
        assertThat(run.dataset().syntheticSamples()).isEqualTo(300);
        assertThat(run.dataset().syntheticClasses()).isEqualTo(4);
        assertThat(run.dataset().validationFraction()).isEqualTo(0.2);
        assertThat(run.dataset().maxTestSamples()).isEqualTo(50);
        assertThat(run.network().inputShape()).containsExactly(1, 12, 12);
        assertThat(run.network().layers()).extracting(l -> l.type()).containsExactly("conv2d", "tanh", "max_pool2d",
                "flatten", "linear", "log_softmax");
        assertThat(run.network().layers().getFirst().params()).containsEntry("name", "features")
                .containsEntry("out_channels", 4).containsEntry("kernel_size", 3).containsEntry("padding", 1);
        assertThat(run.training().epochs()).isEqualTo(3);
        assertThat(run.training().batchSize()).isEqualTo(32);
        assertThat(run.training().shuffle()).isFalse();
        assertThat(run.training().optimizer().type()).isEqualTo("adam");
        assertThat(run.training().optimizer().lr()).isEqualTo(0.01);
        assertThat(run.training().optimizer().weightDecay()).isEqualTo(0.0001);
        assertThat(run.training().lrSchedule().type()).isEqualTo("exponential");
        assertThat(run.training().lrSchedule().gamma()).isEqualTo(0.5);
    }

    @Test
    void theMappedRunIsOneTheEngineCanBuild() throws Exception {
        RunSpec run = SpecToEngine.runSpec(resolved(DIGITAL));
        // the engine's own resolution fills in the inferred sizes without complaint
        var resolvedNetwork = io.analogcomposer.engine.experiment.ModelBuilder.resolve(run.network());
        assertThat(resolvedNetwork.layers().get(4).params()).containsEntry("in_features", 4 * 6 * 6);
    }

    @Test
    void analogLayersMapWithTheirRpuConfigAndTheEngineBuildsThem() throws Exception {
        String analog = DIGITAL.replace("{\"type\": \"linear\", \"out_features\": 4}",
                "{\"type\": \"analog_linear\", \"out_features\": 4}");
        RunSpec run = SpecToEngine.runSpec(resolved(analog));
        assertThat(run.network().layers().get(4).type()).isEqualTo("analog_linear");
        assertThat(run.network().layers().get(4).params()).containsKey("rpu_config");
        var resolvedNetwork = io.analogcomposer.engine.experiment.ModelBuilder.resolve(run.network());
        assertThat(resolvedNetwork.layers().get(4).params()).containsEntry("in_features", 4 * 6 * 6);
    }

    @Test
    void thePeripheryFieldsOfTheForwardPassReachTheEnginesTiles() throws Exception {
        String analog = DIGITAL.replace("{\"type\": \"linear\", \"out_features\": 4}",
                "{\"type\": \"analog_linear\", \"out_features\": 4, \"rpu_config\": {\"type\": \"inference\", \"forward\": "
                        + "{\"r_series\": 0.5, \"v_offset_std\": 0.02, \"v_offset_w_min\": 0.0, "
                        + "\"w_read_asymmetry_dtod\": 0.1}}}");
        RunSpec run = SpecToEngine.runSpec(resolved(analog));
        var model = io.analogcomposer.engine.experiment.ModelBuilder.build(run.network(), 1, null);
        var forward = io.analogcomposer.engine.analog.nn.AnalogNetworks.analogLayers(model).getFirst().config()
                .forward();
        assertThat(forward.rSeries()).isEqualTo(0.5);
        assertThat(forward.vOffsetStd()).isEqualTo(0.02);
        assertThat(forward.vOffsetWMin()).isEqualTo(0.0);
        assertThat(forward.wReadAsymmetryDtod()).isEqualTo(0.1);
    }

    /** The first analog tile configuration of the model the engine builds for {@code rpuConfig} on one layer. */
    private static io.analogcomposer.engine.analog.config.InferenceRpuConfig tileConfig(String rpuConfig)
            throws Exception {
        String analog = DIGITAL.replace("{\"type\": \"linear\", \"out_features\": 4}",
                "{\"type\": \"analog_linear\", \"out_features\": 4, \"rpu_config\": " + rpuConfig + "}");
        RunSpec run = SpecToEngine.runSpec(resolved(analog));
        var model = io.analogcomposer.engine.experiment.ModelBuilder.build(run.network(), 1, null);
        return io.analogcomposer.engine.analog.nn.AnalogNetworks.analogLayers(model).getFirst().config();
    }

    @Test
    void converterBitsReachTheTilesAsAihwkitsStepSizes() throws Exception {
        // the format's (and the composer UI's) way of giving DAC/ADC resolutions; a worker once refused them
        var forward = tileConfig("{\"type\": \"inference\", \"forward\": {\"inp_bits\": 7, \"out_bits\": 9}}")
                .forward();
        assertThat(forward.inpRes()).isEqualTo(1.0 / 126);
        assertThat(forward.outRes()).isEqualTo(1.0 / 510);
    }

    @Test
    void theNoiseModelsOfTheAihwkitClientReachTheTilesWithEveryField() throws Exception {
        // what the /aihw translation writes for noise_model_info.generic: AIHWKit's StateIndependentNoiseModel
        var generic = tileConfig("""
                {"type": "inference", "noise_model": {"type": "generic", "g_max": 25.0,
                 "prog_coeff": [0.26348, 1.965, -1.1731], "prog_noise_scale": 1.1, "read_noise_scale": 1.2,
                 "drift_scale": 1.3, "drift_nu_mean": 0.05, "drift_nu_std": 0.01},
                 "drift_compensation": {"type": "none"}}""");
        assertThat(generic.noiseModel())
                .isEqualTo(new io.analogcomposer.engine.analog.inference.StateIndependentNoiseModel(
                        io.analogcomposer.engine.analog.inference.SinglePairConverter.withGMax(25), 0.26348, 1.965,
                        -1.1731,
                        1.1, 0.05, 0.01, 1.3, 20, 1.2, 250e-9));
        assertThat(generic.driftCompensation())
                .isEqualTo(io.analogcomposer.engine.analog.config.DriftCompensation.NONE);

        // noise_model_info.pcm: AIHWKit's PCMLikeNoiseModel with the client's programming-noise polynomial
        var pcm = tileConfig("""
                {"type": "inference", "noise_model": {"type": "pcm_like", "g_max": 25.0,
                 "prog_coeff": [0.3, 1.5, -1.0], "prog_noise_scale": 0.5, "read_noise_scale": 2.0,
                 "drift_scale": 0.0}, "drift_compensation": {"type": "global"}}""");
        var model = (io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel) pcm.noiseModel();
        assertThat(model.progCoeff()).containsExactly(0.3, 1.5, -1.0);
        assertThat(model.progNoiseScale()).isEqualTo(0.5);
        assertThat(model.readNoiseScale()).isEqualTo(2.0);
        assertThat(model.driftScale()).isZero();
        assertThat(model.t0()).isEqualTo(20.0);
        assertThat(pcm.driftCompensation()).isEqualTo(io.analogcomposer.engine.analog.config.DriftCompensation.GLOBAL);
    }

    private static final String INFERENCE = DIGITAL.replace("\"kind\": \"training\"", "\"kind\": \"inference\"")
            .replace("\"training\": {",
                    "\"inference\": {\"t_inference\": [1, 60], \"repetitions\": 3}, \"training\": {");

    @Test
    void anInferenceExperimentWithoutWeightsTrainsFirstThenEvaluatesAtTheDocumentsTimes() throws Exception {
        ExperimentSpec spec = resolved(INFERENCE);
        RunSpec run = SpecToEngine.runSpec(spec);
        assertThat(run.training().epochs()).isEqualTo(3);
        var settings = SpecToEngine.inferenceSettings(spec);
        assertThat(settings.times()).containsExactly(1.0, 60.0);
        assertThat(settings.repetitions()).isEqualTo(3);
        assertThat(settings.seed()).isEqualTo(11);
    }

    @Test
    void withoutExplicitTimesTheComposersGridRunsFromZeroToTheInferenceTime() throws Exception {
        double[] grid = SpecToEngine.composerTimes(86400, 10);
        assertThat(grid).hasSize(10);
        assertThat(grid[0]).isZero();
        assertThat(grid[1]).isEqualTo(1.0);
        assertThat(grid[9]).isCloseTo(86400, org.assertj.core.data.Offset.offset(1e-6));
        double[] five = SpecToEngine.composerTimes(1000, 5);
        assertThat(five[0]).isZero();
        assertThat(five[1]).isEqualTo(1.0);
        assertThat(five[4]).isCloseTo(1000, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(five[2]).isGreaterThan(five[1]).isLessThan(five[3]);
    }

    @Test
    void theCataloguesTrainFirstInferenceTemplateMapsToARunTheEngineCanBuild() throws Exception {
        var template = io.analogcomposer.spec.catalogue.Catalogue.get().template("3fc-inference").orElseThrow();
        ExperimentSpec spec = resolved(template.document().toString());
        RunSpec run = SpecToEngine.runSpec(spec);
        var network = io.analogcomposer.engine.experiment.ModelBuilder.resolve(run.network());
        assertThat(network.layers()).extracting(l -> l.type()).contains("analog_linear");
        var settings = SpecToEngine.inferenceSettings(spec);
        assertThat(settings.times()).hasSize(10);
        assertThat(settings.times()[9]).isCloseTo(86400, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(settings.repetitions()).isEqualTo(10);
    }

    @Test
    void aWeightTemplateTheEngineCannotLoadIsRefusedNamingIt() {
        ExperimentSpec resolved = resolved(INFERENCE);
        var inf = resolved.inference();
        ExperimentSpec spec = io.analogcomposer.spec.json.SpecJson.read(io.analogcomposer.spec.json.SpecJson
                .write(resolved)
                .replace("\"t_inference\":", "\"weight_template\":\"no-such-weights\",\"t_inference\":"),
                ExperimentSpec.class);
        assertThat(inf).isNotNull();
        assertThat(spec.inference().weightTemplate()).isEqualTo("no-such-weights");
        assertThatThrownBy(() -> SpecToEngine.runSpec(spec)).isInstanceOf(ExperimentFailure.class)
                .hasMessageContaining("weight_template 'no-such-weights'")
                .satisfies(e -> assertThat(((ExperimentFailure) e).code()).isEqualTo(FailureCode.UNSUPPORTED));
    }

    @Test
    void hardwareInferenceIsStillRefusedNamingTheKind() {
        ExperimentSpec resolved = resolved(INFERENCE);
        ExperimentSpec spec = io.analogcomposer.spec.json.SpecJson.read(io.analogcomposer.spec.json.SpecJson
                .write(resolved).replace("\"kind\":\"inference\"", "\"kind\":\"hardware_inference\""),
                ExperimentSpec.class);
        assertThatThrownBy(() -> SpecToEngine.runSpec(spec)).isInstanceOf(ExperimentFailure.class)
                .hasMessageContaining("kind 'hardware_inference'")
                .satisfies(e -> assertThat(((ExperimentFailure) e).code()).isEqualTo(FailureCode.UNSUPPORTED));
    }

    @Test
    void theFormatsDefaultsApplyWhereADocumentLeavesFieldsOut() throws Exception {
        ExperimentSpec sparse = io.analogcomposer.spec.json.SpecJson.read("""
                {"kind": "training", "dataset": {"name": "mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": [{"type": "flatten"},
                             {"type": "linear", "out_features": 10}]},
                 "training": {}}""", ExperimentSpec.class);
        RunSpec run = SpecToEngine.runSpec(sparse);
        assertThat(run.training().epochs()).isEqualTo(30);
        assertThat(run.training().batchSize()).isEqualTo(64);
        assertThat(run.training().loss()).isEqualTo("nll");
        assertThat(run.training().optimizer().type()).isEqualTo("analog_sgd");
        assertThat(run.training().optimizer().lr()).isEqualTo(0.05);
        assertThat(run.training().shuffle()).isTrue();
        assertThat(run.dataset().normalize()).isTrue();
        assertThat(run.seed()).isZero();
    }
}
