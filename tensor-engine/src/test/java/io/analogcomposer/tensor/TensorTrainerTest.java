package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.InputRangeParameters;
import io.analogcomposer.engine.analog.config.MappingParameters;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.config.WeightClipParameters;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightRemapParameters;
import io.analogcomposer.engine.analog.nn.AnalogConv2d;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.data.Batch;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.BatchNorm;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hardware-aware training on the tensor path against the Java engine on the same weights with the noise off (perfect
 * forward, no modifier): every parameter's gradient (analog weights with omega scaling and split tiles, analog and
 * digital bias, learned output scales, learned input range with its decay, digital layers), and the weights after
 * optimizer steps with clipping and remapping.
 */
class TensorTrainerTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    /** Noise off, but every mapping and training-time feature that shapes the backward on. */
    static InferenceRpuConfig noiseless(boolean analogBias) {
        return Presets.FLOATING_POINT
                .withMapping(new MappingParameters(!analogBias, 1.0, true, true, true, 20, 6))
                .withTraining(WeightModifierParameters.NONE, WeightClipParameters.fixed(0.9),
                        new WeightRemapParameters(WeightRemapParameters.Type.CHANNELWISE_SYMMETRIC, 1.0),
                        new InputRangeParameters(true, true, 3.0, 10, 3.0, 0.01, 0.95));
    }

    static Sequential network(long seed) {
        Rng r = new Rng(seed);
        return new Sequential(List.of(
                new AnalogConv2d(1, 4, 3, 1, 1, 1, true, noiseless(false), r.split(1)),
                new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0), new Flatten(),
                new AnalogLinear(4 * 4 * 4, 12, true, noiseless(true), r.split(2)),
                new Activation(Activation.Kind.SIGMOID), new Linear(12, 5, true, r.split(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
    }

    static Batch batch() {
        TrainTest data = Datasets.synthetic(new int[]{1, 8, 8}, 5, 64, 7);
        return new BatchLoader(data.train(), 16, false, 0, false).batch(0);
    }

    static List<float[]> javaGradients(Sequential model, Batch b) {
        model.setBackend(new JavaBackend(1));
        model.train(true);
        Loss nll = Loss.byName("nll");
        Tensor out = model.forward(b.inputs());
        nll.forward(out, b.targets());
        model.backward(nll.backward());
        return model.parameters().stream().map(p -> p.grad().data().clone()).toList();
    }

    static void assertClose(float[] actual, float[] expected, double tolerance, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
        }
        System.out.printf("%s: largest relative difference to the Java engine %.2g%n", what, max);
        assertThat(max).as("%s: largest difference to the Java engine", what).isLessThan(tolerance);
    }

    @Test
    void gradientsAreTheJavaEnginesOnTheSameWeights() {
        Batch b = batch();
        Sequential java = network(3), tensor = network(3);
        List<float[]> expected = javaGradients(java, b);
        List<Parameter> names = java.parameters();
        try (TensorTrainer t = new TensorTrainer(tensor, "nll", OptimizerSpec.sgd(0.1), device)) {
            List<float[]> actual = t.gradients(b, 5);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertClose(actual.get(i), expected.get(i), 1e-5, "gradient of " + i + "." + names.get(i).name());
            }
        }
    }

    @Test
    void optimizerStepsWithClippingAndRemappingGiveTheJavaEnginesWeights() {
        for (OptimizerSpec spec : List.of(new OptimizerSpec("sgd", 0.2, 0.9, 0.1, 0.01, false, 0.9, 0.999, 1e-8),
                new OptimizerSpec("sgd", 0.2, 0.9, 0, 0, true, 0.9, 0.999, 1e-8),
                new OptimizerSpec("adam", 0.01, 0, 0, 0.001, false, 0.9, 0.999, 1e-8))) {
            TrainTest data = Datasets.synthetic(new int[]{1, 8, 8}, 5, 64, 7);
            Sequential java = network(5), tensor = network(5);
            java.setBackend(new JavaBackend(1));
            Optimizer opt = spec.create(java);
            Loss nll = Loss.byName("nll");
            BatchLoader loader = new BatchLoader(data.train(), 16, true, 1, false);
            loader.startEpoch(0);
            java.train(true);
            for (int b = 0; b < loader.batches(); b++) {
                Batch batch = loader.batch(b);
                nll.forward(java.forward(batch.inputs()), batch.targets());
                java.backward(nll.backward());
                opt.step();
            }
            java.train(false); // the pending clipping and remapping
            try (TensorTrainer t = new TensorTrainer(tensor, "nll", spec, device)) {
                t.trainEpoch(new BatchLoader(data.train(), 16, true, 1, false), 0, spec.lr(),
                        io.analogcomposer.engine.experiment.TrainingListener.NONE,
                        io.analogcomposer.engine.experiment.CancellationToken.NONE);
                t.copyBack();
            }
            List<Parameter> pj = java.parameters(), pt = tensor.parameters();
            for (int i = 0; i < pj.size(); i++) {
                assertClose(pt.get(i).value().data(), pj.get(i).value().data(), 2e-5,
                        spec.type() + " " + i + "." + pj.get(i).name());
            }
            assertClose(((AnalogLinear) tensor.layers().get(4)).mappingScales().data(),
                    ((AnalogLinear) java.layers().get(4)).mappingScales().data(), 2e-5, "remapped scales");
        }
    }

    @Test
    void refusesWhatTrainingOnTheDeviceLacksByName() {
        Sequential withBatchNorm = new Sequential(List.of(new AnalogConv2d(1, 4, 3, 1, 1, 1, true,
                Presets.COMPOSER_WEB, new Rng(1)), new BatchNorm(4, true, 1e-5, 0.1), new Flatten(),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        assertThatThrownBy(() -> TensorTrainer.checkSupported(withBatchNorm, "nll"))
                .isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("batch_norm");
        assertThatThrownBy(() -> TensorTrainer.checkSupported(network(1), "mse"))
                .isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("training.loss=mse");
    }
}
