package io.analogcomposer.worker.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunMessage;
import java.time.Instant;
import java.util.UUID;

/**
 * "This run's worker is alive", published every {@code composer.worker.heartbeat-interval} while a job runs, so the
 * API can mark a run whose heartbeats stop (its worker vanished without a trace) instead of waiting forever.
 *
 * <p>Kept here because the experiment format's {@code RunEvent} (a sealed set) has no heartbeat; it is published on
 * {@code composer.events} with the key {@link #ROUTING_KEY}, outside {@code run.#}, so a consumer of
 * {@code events.api} that only knows the {@code RunEvent}s never receives it. The JSON has the same header fields
 * and {@code "event": "heartbeat"}, so it can move into the format unchanged.
 *
 * @param backend the backend it runs on
 * @param worker the worker instance
 * @param intervalSeconds the interval between two heartbeats: a run silent for a few intervals is lost
 * @param progress fraction of the job done, 0..1
 */
@JsonIgnoreProperties(value = "event", allowGetters = true)
public record RunHeartbeat(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        Backend backend, String worker, double intervalSeconds, double progress) implements RunMessage {

    /** Routing key on {@code composer.events}. */
    public static final String ROUTING_KEY = "worker.heartbeat";

    public RunHeartbeat {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    public static RunHeartbeat of(String runId, int attempt, Backend backend, String worker, double intervalSeconds,
            double progress) {
        return new RunHeartbeat(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), backend, worker,
                intervalSeconds, progress);
    }

    /** The message kind, as {@code RunEvent}s carry theirs. */
    @JsonProperty("event")
    public String event() {
        return "heartbeat";
    }
}
