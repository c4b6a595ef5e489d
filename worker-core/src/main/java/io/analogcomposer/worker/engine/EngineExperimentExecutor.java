package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.DatasetNotFoundException;
import io.analogcomposer.engine.experiment.EpochMetrics;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.RunStatus;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.spec.messages.RunJob;
import java.io.IOException;

/** Runs jobs with the simulator engine's experiment runner on the given compute backend. */
public final class EngineExperimentExecutor implements ExperimentExecutor {

    private final ExperimentRunner runner;

    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend) {
        this.runner = new ExperimentRunner(datasets, backend);
    }

    @Override
    public ExecutionOutcome execute(RunJob job, ExecutionControl control) throws ExperimentFailure {
        RunSpec spec = SpecToEngine.runSpec(job.spec());
        int epochs = spec.training().epochs();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                control.epochFinished(metrics.epoch() - 1, epochs, EngineResults.epochMetrics(metrics));
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                control.progressed(((epoch - 1) + (double) batch / batches) / Math.max(1, epochs));
            }
        };
        ExperimentRunner.Outcome outcome;
        try {
            outcome = runner.run(spec, listener, control::stopRequested);
        } catch (DatasetNotFoundException e) {
            // its message names the files and every directory searched, which is what the user needs
            throw new ExperimentFailure(FailureCode.DATASET_MISSING, e.getMessage(), e);
        } catch (IOException e) {
            throw new ExperimentFailure(FailureCode.DATASET_MISSING,
                    "dataset '" + spec.dataset().name() + "' could not be read: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new ExperimentFailure(FailureCode.DIVERGED, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "the experiment cannot run as specified: " + e.getMessage(), e);
        }
        if (outcome.result().status() == RunStatus.CANCELLED) {
            return new ExecutionOutcome.Stopped();
        }
        return new ExecutionOutcome.Completed(EngineResults.runResult(job.spec().kind(), outcome.result()));
    }
}
