package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.engine.experiment.Resumption;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.TrainingListener;
import java.io.IOException;

/**
 * How a run's training is computed: the seam between the worker and what trains. The CPU worker uses the Java
 * engine's {@link ExperimentRunner}; the GPU worker a tensor program with the same contract (same data from the
 * runner's loader, same listener calls and result, the trained Java model in the outcome).
 */
@FunctionalInterface
public interface TrainingRun {

    /** The Java engine's runner. */
    TrainingRun JAVA_ENGINE = (runner, spec, listener, cancel, resumption) -> runner.run(spec, listener, cancel,
            resumption);

    /** Trains {@code spec}; {@code runner} loads its data. */
    ExperimentRunner.Outcome run(ExperimentRunner runner, RunSpec spec, TrainingListener listener,
            CancellationToken cancel, Resumption resumption) throws IOException;
}
