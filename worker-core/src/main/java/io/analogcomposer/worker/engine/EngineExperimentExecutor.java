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
import io.analogcomposer.engine.experiment.Checkpoint;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs jobs with the simulator engine's experiment runner on the given compute backend. */
public final class EngineExperimentExecutor implements ExperimentExecutor {

    /** The trained weights' file name and media type as users download them. */
    public static final String CHECKPOINT_NAME = "checkpoint.acck";
    public static final String CHECKPOINT_MEDIA_TYPE = "application/vnd.analog-composer.checkpoint";
    /** Artifacts travel base64 in one message; larger ones are not attached. */
    static final long MAX_ARTIFACT_BYTES = 48L * 1024 * 1024;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EngineExperimentExecutor.class);

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
        RunResult result = EngineResults.runResult(job.spec().kind(), outcome.result());
        List<ExecutionOutcome.ArtifactFile> files = checkpoint(spec, outcome);
        List<RunResult.Artifact> listed = new ArrayList<>(result.artifacts());
        for (ExecutionOutcome.ArtifactFile file : files) {
            listed.add(new RunResult.Artifact(file.name(), file.mediaType(),
                    "/api/v1/runs/" + job.runId() + "/artifacts/" + file.name(), file.content().length,
                    RunArtifact.sha256(file.content())));
        }
        result = new RunResult(result.kind(), result.epochs(), result.inference(), result.summary(), listed,
                result.simulatorVersion(), result.durationSeconds());
        return new ExecutionOutcome.Completed(result, files);
    }

    /**
     * The trained weights in the engine's checkpoint format, so a user can download and reload them. Models too
     * large to travel in one message are not attached (the result still lists what was trained).
     */
    private static List<ExecutionOutcome.ArtifactFile> checkpoint(RunSpec spec, ExperimentRunner.Outcome outcome) {
        if (outcome.model() == null) {
            return List.of();
        }
        Path file = null;
        try {
            file = Files.createTempFile("run-", ".acck");
            Checkpoint.save(file, ModelBuilder.resolve(spec.network()), outcome.model(),
                    Map.of("seed", spec.seed(), "engine_version", outcome.result().engineVersion()));
            if (Files.size(file) > MAX_ARTIFACT_BYTES) {
                log.warn("Checkpoint of {} bytes not attached (limit {})", Files.size(file), MAX_ARTIFACT_BYTES);
                return List.of();
            }
            return List.of(new ExecutionOutcome.ArtifactFile(CHECKPOINT_NAME, CHECKPOINT_MEDIA_TYPE,
                    Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the checkpoint: {}", e.getMessage());
            return List.of();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
