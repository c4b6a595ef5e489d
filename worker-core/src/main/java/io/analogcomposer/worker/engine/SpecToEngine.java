package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.experiment.DatasetSpec;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.LrScheduleSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.TrainingSpec;
import io.analogcomposer.spec.experiment.Dataset;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.experiment.Inference;
import io.analogcomposer.spec.experiment.LrSchedule;
import io.analogcomposer.spec.experiment.Optimizer;
import io.analogcomposer.spec.experiment.Training;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.network.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a resolved experiment document into the engine's run description. The engine knows nothing of the
 * experiment format (architecture §1), so this is the one place where the two meet. The engine uses the format's
 * names, so the mapping is mostly one to one; what the engine cannot do yet (hardware inference) is refused here
 * with a sentence naming the field, instead of failing deep inside a run.
 *
 * <p>Defaults are the format's: a resolved document has every field filled in, but a missing one must not turn
 * into a different experiment.
 */
public final class SpecToEngine {

    /** Fields of a document layer that configure analog tiles, which the engine's digital layers do not take. */
    private static final List<String> ANALOG_ONLY = List.of("preset", "rpu_config");

    /** Composer's defaults for an inference section that leaves fields out. */
    static final double DEFAULT_INFERENCE_TIME = 86400;
    static final int DEFAULT_N_TIMES = 10;
    static final int DEFAULT_REPETITIONS = 10;
    static final int DEFAULT_INFERENCE_BATCH = 256;

    static {
        // analog_linear / analog_conv1d / analog_conv2d with their per-layer rpu_config
        AnalogLayerFactories.register();
    }

    private SpecToEngine() {
    }

    /**
     * The engine's run for a training experiment, or the training part of an inference experiment without
     * pre-trained weights; fails for anything the engine cannot run.
     */
    public static RunSpec runSpec(ExperimentSpec spec) throws ExperimentFailure {
        if (spec.kind() != ExperimentKind.TRAINING && spec.kind() != ExperimentKind.INFERENCE) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "kind '" + spec.kind().wire()
                    + "' is not supported by this worker: its engine runs training and inference experiments only");
        }
        if (spec.kind() == ExperimentKind.INFERENCE) {
            Inference inference = spec.inference();
            if (inference == null) {
                throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                        "an inference experiment needs 'inference'");
            }
            if (inference.weightTemplate() != null && !inference.weightTemplate().isBlank()) {
                // the executor evaluates pre-trained weights directly (WeightTemplates); no run is trained
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, "inference.weight_template '"
                        + inference.weightTemplate() + "' names pre-trained weights, which are not trained again; "
                        + "leave weight_template out to train the network first (needs 'training')");
            }
            if (spec.training() == null) {
                throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                        "an inference experiment without inference.weight_template needs 'training'");
            }
        } else if (spec.training() == null) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "a training experiment needs 'training'");
        }
        return new RunSpec(spec.name(), orElse(spec.seed(), 0L), dataset(spec.dataset()), network(spec),
                training(spec.training()));
    }

    /** The evaluation over time of an inference experiment (call after {@link #runSpec}). */
    public static InferenceEvaluator.Settings inferenceSettings(ExperimentSpec spec) throws ExperimentFailure {
        Inference inf = spec.inference();
        if (inf == null) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "an inference experiment needs 'inference'");
        }
        double[] times;
        if (inf.tInference() != null && !inf.tInference().isEmpty()) {
            times = inf.tInference().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            times = composerTimes(orElse(inf.inferenceTime(), DEFAULT_INFERENCE_TIME),
                    orElse(inf.nTimes(), DEFAULT_N_TIMES));
        }
        try {
            return new InferenceEvaluator.Settings(times, orElse(inf.repetitions(), DEFAULT_REPETITIONS),
                    orElse(inf.batchSize(), DEFAULT_INFERENCE_BATCH), orElse(spec.seed(), 0L));
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "inference: " + e.getMessage(), e);
        }
    }

    /** The document's post-training input-range calibration, or null when there is none. */
    public static io.analogcomposer.engine.analog.hwa.InputRangeCalibration.Settings calibration(ExperimentSpec spec)
            throws ExperimentFailure {
        io.analogcomposer.spec.experiment.InputRangeCalibration c = spec.inference() == null
                ? null
                : spec.inference().inputRangeCalibration();
        if (c == null || c.type() == null
                || c.type() == io.analogcomposer.spec.experiment.InputRangeCalibrationType.NONE) {
            return null;
        }
        try {
            return new io.analogcomposer.engine.analog.hwa.InputRangeCalibration.Settings(
                    io.analogcomposer.engine.analog.hwa.InputRangeCalibration.Type.valueOf(c.type().name()),
                    orElse(c.quantile(), 0.99995), orElse(c.maxSamples(), 1000), c.stdAlpha(), orElse(c.batches(), 10));
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "inference.input_range_calibration: " + e.getMessage(), e);
        }
    }

    /**
     * Calibrates the model's input ranges on the first batches of the training split as the document asks (nothing
     * when it does not); {@code batchSize} is the inference batch size. Answers the ranges set, for the result's
     * summary ({@code calibrated_input_range_<k>}, k-th analog layer).
     */
    public static Map<String, Double> calibrate(ExperimentSpec spec, io.analogcomposer.engine.nn.Module model,
            io.analogcomposer.engine.data.Dataset train, int batchSize, long seed) throws ExperimentFailure {
        var settings = calibration(spec);
        if (settings == null) {
            return Map.of();
        }
        var loader = new io.analogcomposer.engine.data.BatchLoader(train, batchSize, false, 0, false);
        List<Double> ranges = io.analogcomposer.engine.analog.hwa.InputRangeCalibration.calibrate(model, loader,
                settings, new io.analogcomposer.engine.random.Rng(seed).split(0xCA11));
        // reported with the result: the ranges a user would otherwise not see, per analog layer in forward order
        Map<String, Double> reported = new LinkedHashMap<>();
        for (int k = 0; k < ranges.size(); k++) {
            reported.put("calibrated_input_range_" + (k + 1), ranges.get(k));
        }
        return reported;
    }

    /** The composer's grid: 0 s, then {@code n - 1} log-spaced times from 1 s to {@code last}. */
    static double[] composerTimes(double last, int n) throws ExperimentFailure {
        if (!(last > 1) || n < 2) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "inference: inference_time must be > 1 s "
                    + "and n_times >= 2, got " + last + " s and " + n);
        }
        if (n == DEFAULT_N_TIMES) {
            return InferenceEvaluator.composerTimes(last);
        }
        double[] t = new double[n];
        for (int i = 1; i < n; i++) {
            t[i] = n == 2 ? last : Math.pow(10, Math.log10(last) * (i - 1) / (n - 2.0));
        }
        return t;
    }

    public static DatasetSpec dataset(Dataset dataset) {
        return new DatasetSpec(dataset.name(), orElse(dataset.validationFraction(), 0.0),
                orElse(dataset.maxTrainSamples(), 0), orElse(dataset.maxTestSamples(), 0),
                orElse(dataset.normalize(), true), orElse(dataset.syntheticClasses(), 10),
                orElse(dataset.syntheticSamples(), 1000));
    }

    public static NetworkSpec network(ExperimentSpec spec) throws ExperimentFailure {
        List<String> known = ModelBuilder.types();
        List<LayerSpec> layers = new ArrayList<>();
        List<Layer> specLayers = spec.network().layers();
        for (int i = 0; i < specLayers.size(); i++) {
            Layer layer = specLayers.get(i);
            String type = layer.type().wire();
            if (!known.contains(type)) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, "network.layers[" + i + "] (" + type
                        + "): this worker's engine cannot build " + (layer.type().analog() ? "analog layers" : "it")
                        + " yet; it builds " + known);
            }
            Map<String, Object> params = parameters(layer);
            if (layer.type().analog()) {
                engineRpuConfig(params, "network.layers[" + i + "]");
            }
            layers.add(new LayerSpec(type, params));
        }
        return new NetworkSpec(spec.network().inputShape(), layers);
    }

    /** A layer's rpu_config as the engine reads it (the drift compensation by its type's name). */
    @SuppressWarnings("unchecked")
    static void engineRpuConfig(Map<String, Object> params, String where) throws ExperimentFailure {
        if (!(params.get("rpu_config") instanceof Map<?, ?> rpu)) {
            return;
        }
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) rpu);
        // the format writes drift compensation as an object {type: ...}; the engine takes the type's name
        if (config.get("drift_compensation") instanceof Map<?, ?> drift) {
            if (drift.size() != 1 || !(drift.get("type") instanceof String type)) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, where + ".rpu_config.drift_compensation "
                        + drift + ": this worker's engine takes only its type");
            }
            config.put("drift_compensation", type);
        }
        if (config.get("noise_model") instanceof Map<?, ?> noise) {
            config.put("noise_model", engineNoiseModel((Map<String, Object>) noise));
        }
        params.put("rpu_config", config);
    }

    /** The format's noise-model types under the engine's (AIHWKit-internal) names; the others are the same. */
    private static final Map<String, String> NOISE_TYPES = Map.of("generic", "state_independent", "custom_drift_pcm",
            "custom_drift");
    /** The format's field names of the custom drift table under the engine's names. */
    private static final Map<String, String> NOISE_FIELDS = Map.of("drift_g_list", "g_lst", "drift_nu_mean_list",
            "nu_mean_lst", "drift_nu_std_list", "nu_std_lst");

    /**
     * A document's {@code noise_model} in the engine's vocabulary: the composer's type names ({@code generic},
     * {@code custom_drift_pcm}) and the custom drift table's fields renamed, every other field as it is.
     */
    public static Map<String, Object> engineNoiseModel(Map<String, Object> noise) {
        Map<String, Object> engine = new LinkedHashMap<>();
        noise.forEach((key, value) -> engine.put(NOISE_FIELDS.getOrDefault(key, key), value));
        if (noise.get("type") != null) {
            engine.put("type", NOISE_TYPES.getOrDefault(noise.get("type").toString(), noise.get("type").toString()));
        }
        return engine;
    }

    /** The layer's fields, snake_case as in the document (the engine uses the same names), without its type. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(Layer layer) {
        Map<String, Object> all = SpecJson.mapper().convertValue(layer, LinkedHashMap.class);
        all.remove("type");
        if (!layer.type().analog()) {
            // a digital layer has no tile to configure; the document may still carry inherited analog settings
            ANALOG_ONLY.forEach(all::remove);
        }
        return all;
    }

    static TrainingSpec training(Training training) {
        return new TrainingSpec(orElse(training.epochs(), 30), orElse(training.batchSize(), 64),
                training.loss() == null ? "nll" : training.loss().wire(), optimizer(training.optimizer()),
                schedule(training.lrSchedule()), orElse(training.shuffle(), true));
    }

    static OptimizerSpec optimizer(Optimizer optimizer) {
        if (optimizer == null) {
            return new OptimizerSpec("analog_sgd", 0.05, 0, 0, 0, false, 0.9, 0.999, 1e-8);
        }
        return new OptimizerSpec(optimizer.type() == null ? "analog_sgd" : optimizer.type().wire(),
                orElse(optimizer.lr(), 0.05), orElse(optimizer.momentum(), 0.0), 0,
                orElse(optimizer.weightDecay(), 0.0), false, 0.9, 0.999, 1e-8);
    }

    static LrScheduleSpec schedule(LrSchedule schedule) {
        if (schedule == null || schedule.type() == null) {
            return LrScheduleSpec.constant();
        }
        // cosine anneals to zero over the run's epochs: t_max 0 means "the epoch count" to the engine
        return new LrScheduleSpec(schedule.type().wire(), orElse(schedule.stepSize(), 10),
                orElse(schedule.gamma(), 0.1), List.of(), 0, 0);
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
