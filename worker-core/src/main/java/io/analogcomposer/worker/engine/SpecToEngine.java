package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.data.Datasets;
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
import io.analogcomposer.spec.network.LayerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a resolved experiment document into the engine's run description. The engine knows nothing of the
 * experiment format (architecture §1), so this is the one place where the two vocabularies meet; whatever the
 * engine cannot do yet is refused here with a sentence naming the field, instead of failing deep in a run.
 */
public final class SpecToEngine {

    /** The engine's synthetic datasets: fixed sample shapes, 10 classes, 2000 training and 500 test samples. */
    static final int SYNTHETIC_CLASSES = 10;
    static final int SYNTHETIC_TRAIN = 2000;
    static final int SYNTHETIC_TEST = 500;

    /** Document fields of a layer that are not layer parameters for the engine. */
    private static final List<String> NOT_PARAMETERS = List.of("type", "name", "preset", "rpu_config");

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
        NetworkSpec network = network(spec);
        return new RunSpec(spec.name(), spec.seed() == null ? 0 : spec.seed(),
                dataset(spec.dataset(), network.inputShape()), network, training(spec.training()));
    }

    static DatasetSpec dataset(Dataset dataset, List<Integer> inputShape) throws ExperimentFailure {
        double validation = orElse(dataset.validationFraction(), 0.0);
        int trainLimit = orElse(dataset.maxTrainSamples(), 0);
        int testLimit = orElse(dataset.maxTestSamples(), 0);
        boolean normalize = orElse(dataset.normalize(), true);
        if (!"synthetic".equals(dataset.name())) {
            return new DatasetSpec(dataset.name(), validation, trainLimit, testLimit, normalize);
        }
        // The format's synthetic dataset takes its shape from the network and its size from the document; the
        // engine's comes in two fixed shapes with a fixed size, so map onto those and refuse the rest clearly.
        String engineName = Arrays.equals(shape(inputShape), Datasets.sampleShape("synthetic-mnist"))
                ? "synthetic-mnist"
                : Arrays.equals(shape(inputShape), Datasets.sampleShape("synthetic-cifar10"))
                        ? "synthetic-cifar10"
                        : null;
        if (engineName == null) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "dataset 'synthetic': this worker's engine generates"
                    + " samples of shape [1, 28, 28] or [3, 32, 32] only, the network's input_shape is " + inputShape);
        }
        int classes = orElse(dataset.syntheticClasses(), SYNTHETIC_CLASSES);
        if (classes != SYNTHETIC_CLASSES) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "dataset 'synthetic': this worker's engine generates "
                    + SYNTHETIC_CLASSES + " classes only, synthetic_classes is " + classes);
        }
        int samples = orElse(dataset.syntheticSamples(), 1000);
        if (samples > SYNTHETIC_TRAIN) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED,
                    "dataset 'synthetic': this worker's engine generates at"
                            + " most " + SYNTHETIC_TRAIN + " training samples, synthetic_samples is " + samples);
        }
        int train = trainLimit > 0 ? Math.min(trainLimit, samples) : samples;
        int testAll = Math.min(SYNTHETIC_TEST, Math.max(1, samples / 5));
        int test = testLimit > 0 ? Math.min(testLimit, testAll) : testAll;
        return new DatasetSpec(engineName, validation, train, test, normalize);
    }

    static NetworkSpec network(ExperimentSpec spec) throws ExperimentFailure {
        List<String> known = ModelBuilder.types();
        List<LayerSpec> layers = new ArrayList<>();
        List<Layer> specLayers = spec.network().layers();
        for (int i = 0; i < specLayers.size(); i++) {
            Layer layer = specLayers.get(i);
            String type = layer.type().wire();
            String where = "network.layers[" + i + "] (" + type + ")";
            if (!known.contains(type)) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, where + ": this worker's engine cannot build "
                        + (layer.type().analog() ? "analog layers" : "this layer type") + " yet; it knows "
                        + known);
            }
            if (Boolean.TRUE.equals(layer.ceilMode())) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, where + ": ceil_mode is not supported yet");
            }
            if (layer.type().in("pool") && layer.dilation() != null && layer.dilation() != 1) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, where + ": dilated pooling is not supported yet");
            }
            if (Boolean.FALSE.equals(layer.affine())) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED,
                        where + ": batch norm without affine parameters is not supported yet");
            }
            layers.add(new LayerSpec(type, parameters(layer)));
        }
        return new NetworkSpec(spec.network().inputShape(), layers);
    }

    /** The layer's fields, snake_case as in the document, without the ones that only the composer uses. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(Layer layer) {
        Map<String, Object> all = SpecJson.mapper().convertValue(layer, LinkedHashMap.class);
        NOT_PARAMETERS.forEach(all::remove);
        if (layer.type() == LayerType.AVG_POOL2D || layer.type() == LayerType.MAX_POOL2D) {
            // checked above: only the defaults are left, which the engine applies itself
            all.remove("dilation");
            all.remove("ceil_mode");
        }
        if (layer.type().in("batch_norm")) {
            all.remove("affine");
        }
        return all;
    }

    static TrainingSpec training(Training training) throws ExperimentFailure {
        if (Boolean.FALSE.equals(training.shuffle())) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED,
                    "training.shuffle false is not supported yet: this worker's engine shuffles every epoch");
        }
        return new TrainingSpec(orElse(training.epochs(), 30), orElse(training.batchSize(), 64),
                training.loss() == null ? "nll" : training.loss().wire(), optimizer(training.optimizer()),
                schedule(training.lrSchedule()));
    }

    static OptimizerSpec optimizer(Optimizer optimizer) {
        double lr = optimizer == null ? 0.05 : orElse(optimizer.lr(), 0.05);
        double momentum = optimizer == null ? 0 : orElse(optimizer.momentum(), 0.0);
        double weightDecay = optimizer == null ? 0 : orElse(optimizer.weightDecay(), 0.0);
        // AnalogSGD is plain SGD on digital parameters; analog tiles would apply their own pulsed update, and the
        // engine has no analog tiles yet (layers that need them are refused in network()).
        String type = optimizer == null || optimizer.type() == null ? "sgd" : switch (optimizer.type()) {
            case ANALOG_SGD, SGD -> "sgd";
            case ADAM -> "adam";
        };
        return type.equals("adam")
                ? new OptimizerSpec("adam", lr, 0, 0, weightDecay, false, 0.9, 0.999, 1e-8)
                : new OptimizerSpec("sgd", lr, momentum, 0, weightDecay, false, 0.9, 0.999, 1e-8);
    }

    static LrScheduleSpec schedule(LrSchedule schedule) {
        if (schedule == null || schedule.type() == null) {
            return LrScheduleSpec.constant();
        }
        double gamma = orElse(schedule.gamma(), 0.1);
        return switch (schedule.type()) {
            case NONE -> LrScheduleSpec.constant();
            case STEP -> LrScheduleSpec.step(orElse(schedule.stepSize(), 10), gamma);
            // exponential decay is a step schedule that decays every epoch
            case EXPONENTIAL -> LrScheduleSpec.step(1, gamma);
            // the format's cosine anneals to zero over the run's epochs: t_max 0 means "the epoch count"
            case COSINE -> LrScheduleSpec.cosine(0, 0);
        };
    }

    private static int[] shape(List<Integer> shape) {
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
