package io.analogcomposer.worker.engine;

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
 * names, so the mapping is mostly one to one; what the engine cannot do yet (inference over time, analog layers) is
 * refused here with a sentence naming the field, instead of failing deep inside a run.
 *
 * <p>Defaults are the format's: a resolved document has every field filled in, but a missing one must not turn
 * into a different experiment.
 */
public final class SpecToEngine {

    /** Fields of a document layer that configure analog tiles, which the engine's digital layers do not take. */
    private static final List<String> ANALOG_ONLY = List.of("preset", "rpu_config");

    private SpecToEngine() {
    }

    /** The engine's run for a training experiment; fails for anything the engine cannot run. */
    public static RunSpec runSpec(ExperimentSpec spec) throws ExperimentFailure {
        if (spec.kind() != ExperimentKind.TRAINING) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "kind '" + spec.kind().wire()
                    + "' is not supported by this worker yet: its engine runs training experiments only");
        }
        if (spec.training() == null) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "a training experiment needs 'training'");
        }
        return new RunSpec(spec.name(), orElse(spec.seed(), 0L), dataset(spec.dataset()), network(spec),
                training(spec.training()));
    }

    static DatasetSpec dataset(Dataset dataset) {
        return new DatasetSpec(dataset.name(), orElse(dataset.validationFraction(), 0.0),
                orElse(dataset.maxTrainSamples(), 0), orElse(dataset.maxTestSamples(), 0),
                orElse(dataset.normalize(), true), orElse(dataset.syntheticClasses(), 10),
                orElse(dataset.syntheticSamples(), 1000));
    }

    static NetworkSpec network(ExperimentSpec spec) throws ExperimentFailure {
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
            layers.add(new LayerSpec(type, parameters(layer)));
        }
        return new NetworkSpec(spec.network().inputShape(), layers);
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
