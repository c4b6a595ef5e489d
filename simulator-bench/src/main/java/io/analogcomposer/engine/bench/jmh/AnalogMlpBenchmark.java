package io.analogcomposer.engine.bench.jmh;

import io.analogcomposer.engine.analog.bench.AnalogBench;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
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
 * The MLP 784-256-128-10 of AIHWKit's timing (AIHWKit's default inference configuration) in eval mode: one analog
 * forward of 10,000 inputs x ~ U[0, 1), and programming all weights followed by drift to one day.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class AnalogMlpBenchmark {
    /** Compute threads of the Java backend. */
    @Param({"1", "2"})
    public int threads;

    private Module net;
    private Tensor x;
    private Rng rng;

    /** Builds the network and the inputs once per fork. */
    @Setup
    public void setUp() {
        net = AnalogBench.mlp(new JavaBackend(threads));
        net.train(false);
        x = Tensor.zeros(10_000, 784);
        new Rng(777).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        rng = new Rng(1);
    }

    /** Analog forward of 10,000 inputs. */
    @Benchmark
    public Tensor forward() {
        return net.forward(x);
    }

    /** Programming every tile, then drift to one day (t = 86,400 s) with global drift compensation. */
    @Benchmark
    public Module programAndDrift() {
        AnalogNetworks.program(net, rng.split(3));
        AnalogNetworks.drift(net, 86400, rng.split(4));
        return net;
    }
}
