package io.analogcomposer.api.outbox;

/** A message was written to the outbox; once its transaction commits the relay publishes it at once. */
record OutboxWritten() {}
