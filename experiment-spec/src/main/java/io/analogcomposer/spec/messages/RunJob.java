package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import java.time.Instant;
import java.util.UUID;

/**
 * A validated run for a worker, published by the validator on {@code composer.jobs} with the backend's key
 * ({@code cpu}, {@code gpu}, {@code hardware}). The spec is fully resolved: defaults and presets applied, so
 * a worker never guesses a value.
 *
 * @param backend the concrete backend chosen (never {@code auto})
 * @param spec the resolved experiment document
 * @param targetConductances the uploaded conductances to program (hardware runs that name one), else null
 * @param uploadedDataset the user's uploaded dataset the spec names in {@code dataset.name}, else null (also in jobs
 *        from before the field existed)
 */
public record RunJob(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        String experimentId, String userId, Backend backend, ExperimentSpec spec,
        TargetConductances targetConductances, UploadedDataset uploadedDataset) implements RunMessage {

    /** A job without an uploaded dataset. */
    public RunJob(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
            String experimentId, String userId, Backend backend, ExperimentSpec spec,
            TargetConductances targetConductances) {
        this(messageVersion, eventId, runId, attempt, timestamp, experimentId, userId, backend, spec,
                targetConductances, null);
    }

    public RunJob {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (backend == null || backend == Backend.AUTO) {
            throw new IllegalArgumentException("a job needs a concrete backend, was " + backend);
        }
    }

    /** The job for a request; its event id is derived from the request's, so a redelivery repeats it. */
    public static RunJob of(RunRequested request, Backend backend, ExperimentSpec resolved) {
        return new RunJob(VERSION, RunMessage.derivedId(request.eventId(), "job"), request.runId(), request.attempt(),
                Instant.now(),
                request.experimentId(), request.userId(), backend, resolved, request.targetConductances(),
                request.uploadedDataset());
    }
}
