package io.analogcomposer.engine.bench.jmh;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.SingleRpuConfig;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch of pulsed in-memory SGD on the MLP 784-256-128-10 (sigmoid, log-softmax, NLL, lr 0.05), ConstantStep
 * devices with default IO and update settings, batch 10: forward, backward and the pulsed update. An epoch of
 * AIHWKit's training timing is 1,000 of these. The weights keep training across invocations (as in an epoch); the
 * bounded devices keep the cost per batch stationary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class PulsedSgdBatchBenchmark {
    private static final int BATCHES = 100;
    private static final int BATCH = 10;

    /** Compute threads of the Java backend. */
    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private AnalogSgd opt;
    private Loss nll;
    private float[] x;
    private float[] y;
    private int next;

    /** The network and 100 batches of inputs U[0, 1) with uniform labels. */
    @Setup
    public void setUp() {
        TrainingRpuConfig cfg = SingleRpuConfig.of(PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).build());
        Rng rng = new Rng(1);
        net = new Sequential(List.of(new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)),
                new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)),
                new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        net.setBackend(new JavaBackend(threads));
        opt = new AnalogSgd(net, 0.05);
        nll = Loss.byName("nll");
        Rng data = new Rng(777);
        x = new float[BATCHES * BATCH * 784];
        y = new float[BATCHES * BATCH];
        data.fillUniform(x, 0, x.length, 0f, 1f);
        for (int i = 0; i < y.length; i++) {
            y[i] = data.nextInt(10);
        }
    }

    /** Forward, loss, backward and pulsed update of one batch of 10. */
    @Benchmark
    public double batch() {
        int b = next;
        next = (next + 1) % BATCHES;
        float[] xb = new float[BATCH * 784], yb = new float[BATCH];
        System.arraycopy(x, b * BATCH * 784, xb, 0, xb.length);
        System.arraycopy(y, b * BATCH, yb, 0, BATCH);
        Tensor out = net.forward(Tensor.wrap(xb, BATCH, 784));
        double loss = nll.forward(out, Tensor.wrap(yb, BATCH));
        net.backward(nll.backward());
        opt.step();
        return loss;
    }
}
