package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import java.util.List;

/**
 * The network of AIHWKit's analog timing ({@code timing.json}, issue 7): the MLP 784-256-128-10 (sigmoid, log-softmax,
 * digital bias, AIHWKit's default inference configuration, so the 784-input layer spans two 512-input tiles). Its
 * forward of 10,000 inputs and its program + drift are measured by JMH's {@code AnalogMlpBenchmark} and, first run
 * and steady state with peak memory, by the table of {@code bench all} ({@code Workloads}).
 */
public final class AnalogBench {
    private AnalogBench() {
    }

    /** The MLP of AIHWKit's example 03 with the default inference configuration. */
    public static Module mlp(ComputeBackend be) {
        Rng init = new Rng(42);
        InferenceRpuConfig c = InferenceRpuConfig.DEFAULT;
        Sequential s = new Sequential(List.of(new AnalogLinear(784, 256, true, c, init.split(0)),
                new Activation(Activation.Kind.SIGMOID), new AnalogLinear(256, 128, true, c, init.split(1)),
                new Activation(Activation.Kind.SIGMOID), new AnalogLinear(128, 10, true, c, init.split(2)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        s.setBackend(be);
        return s;
    }
}
