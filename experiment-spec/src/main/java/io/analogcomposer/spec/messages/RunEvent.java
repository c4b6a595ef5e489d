package io.analogcomposer.spec.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event about a run, published on {@code composer.events} with routing key {@code run.<event>} and consumed
 * by the API. The JSON carries its kind in {@code "event"} ({@code validated}, {@code rejected},
 * {@code started}, {@code progress}, {@code completed}, {@code failed}, {@code cancelled}, {@code heartbeat}, {@code artifact}, {@code checkpoint}), so one queue can
 * receive them all.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({@JsonSubTypes.Type(value = RunValidated.class, name = "validated"),
        @JsonSubTypes.Type(value = RunRejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = RunStarted.class, name = "started"),
        @JsonSubTypes.Type(value = RunProgress.class, name = "progress"),
        @JsonSubTypes.Type(value = RunCompleted.class, name = "completed"),
        @JsonSubTypes.Type(value = RunFailed.class, name = "failed"),
        @JsonSubTypes.Type(value = RunCancelled.class, name = "cancelled"),
        @JsonSubTypes.Type(value = RunHeartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = RunArtifact.class, name = "artifact"),
        @JsonSubTypes.Type(value = RunCheckpoint.class, name = "checkpoint")})
public sealed interface RunEvent extends RunMessage
        permits RunValidated, RunRejected, RunStarted, RunProgress, RunCompleted, RunFailed, RunCancelled,
        RunHeartbeat, RunArtifact, RunCheckpoint {

    /** The event's name, as in {@code "event"}. */
    default String eventName() {
        return switch (this) {
            case RunValidated e -> "validated";
            case RunRejected e -> "rejected";
            case RunStarted e -> "started";
            case RunProgress e -> "progress";
            case RunCompleted e -> "completed";
            case RunFailed e -> "failed";
            case RunCancelled e -> "cancelled";
            case RunHeartbeat e -> "heartbeat";
            case RunArtifact e -> "artifact";
            case RunCheckpoint e -> "checkpoint";
        };
    }

    /** The routing key on {@code composer.events}: {@code run.<event>}. */
    default String routingKey() {
        return "run." + eventName();
    }

    /** Whether the run ends with this event (no later event can change its state). */
    default boolean terminal() {
        return this instanceof RunRejected || this instanceof RunCompleted || this instanceof RunFailed
                || this instanceof RunCancelled;
    }
}
