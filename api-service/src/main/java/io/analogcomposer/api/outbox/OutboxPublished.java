package io.analogcomposer.api.outbox;

import java.util.UUID;

/** An outbox message reached the broker (published inside the relay's transaction). */
public record OutboxPublished(UUID runId, String routingKey) {}
