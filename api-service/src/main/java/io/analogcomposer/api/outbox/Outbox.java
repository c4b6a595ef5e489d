package io.analogcomposer.api.outbox;

import io.analogcomposer.spec.json.SpecJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes messages to the transactional outbox. Must be called inside the transaction that changes the state
 * the message announces: the message then exists if and only if that state was committed, and the
 * {@link OutboxRelay} publishes it afterwards, however long the broker is away.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Outbox(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(UUID runId, String exchange, String routingKey, Object message) {
        jdbc.sql("""
                INSERT INTO outbox_message (run_id, exchange, routing_key, payload, created_at)
                VALUES (:run, :exchange, :key, CAST(:payload AS jsonb), :now)
                """).param("run", runId).param("exchange", exchange).param("key", routingKey)
                .param("payload", SpecJson.write(message)).param("now", Timestamp.from(Instant.now())).update();
        // heard by the relay after the commit (a rollback drops it): the message leaves now, not at the next poll
        events.publishEvent(new OutboxWritten());
    }

    /**
     * Locks a run's messages with this routing key that have not left yet and counts them. Callers that also lock
     * the run take this lock first: the {@link OutboxRelay} holds a message's row while it publishes it and then
     * locks the run, so the opposite order could deadlock with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int lockUnpublished(UUID runId, String routingKey) {
        return jdbc.sql("""
                SELECT id FROM outbox_message WHERE run_id = :run AND routing_key = :key AND published_at IS NULL
                FOR UPDATE
                """).param("run", runId).param("key", routingKey).query(Long.class).list().size();
    }

    /** Drops a run's messages that have not left yet (a run cancelled before its job was published). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int discardUnpublished(UUID runId, String routingKey) {
        return jdbc
                .sql("DELETE FROM outbox_message WHERE run_id = :run AND routing_key = :key AND published_at IS NULL")
                .param("run", runId).param("key", routingKey).update();
    }

    /** Age in seconds of the oldest message still waiting to be published (0 when none). */
    public double lagSeconds() {
        Timestamp oldest = jdbc.sql("SELECT min(created_at) FROM outbox_message WHERE published_at IS NULL")
                .query(Timestamp.class).optional().orElse(null);
        return oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.getTime()) / 1000.0);
    }
}
