package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.Backend;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker took the job and started it.
 *
 * @param backend the backend it runs on
 * @param worker an identifier of the worker instance (host and process), for operators
 */
public record RunStarted(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        Backend backend, String worker) implements RunEvent {

    public RunStarted {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    public static RunStarted of(String runId, int attempt, Backend backend, String worker) {
        return new RunStarted(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), backend, worker);
    }
}
