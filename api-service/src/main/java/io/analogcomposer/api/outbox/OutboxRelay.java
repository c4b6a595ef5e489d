package io.analogcomposer.api.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.RunMessage;
import org.springframework.beans.factory.DisposableBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox messages in order, each confirmed by the broker before it is marked published. If the broker
 * is down the messages stay and go out on a later pass; if the process dies between the confirm and the commit
 * a message can go out twice, which consumers tolerate (every message has a unique event id).
 *
 * <p>A pass starts as soon as a transaction that wrote to the outbox commits (on the relay's own thread, so the
 * request that committed does not wait for the broker); the poll is only the safety net for messages whose pass
 * failed (broker or database away) and for those another API instance wrote. Passes of one instance never overlap,
 * which keeps its messages in order.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Pending(long id, UUID runId, String exchange, String routingKey, String payload,
            Instant createdAt) {}

    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate tx;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher events;
    private final BrokerOrderedCommits commits;
    private final ReentrantLock passes = new ReentrantLock();
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final ExecutorService onCommit = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean brokerDownLogged;

    OutboxRelay(JdbcClient jdbc, RabbitTemplate rabbit, TransactionTemplate tx, OutboxProperties properties,
            ApplicationEventPublisher events, BrokerOrderedCommits commits) {
        this.commits = commits;
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.tx = tx;
        this.properties = properties;
        this.events = events;
    }

    /**
     * A transaction wrote to the outbox and committed: start a pass. Requests that arrive while one waits to run
     * are merged into it (it publishes everything committed by then).
     */
    @TransactionalEventListener
    void onWritten(OutboxWritten written) {
        if (properties.publishOnCommit() && passRequested.compareAndSet(false, true)) {
            try {
                onCommit.execute(() -> {
                    passRequested.set(false);
                    passes.lock();
                    try {
                        relay();
                    } finally {
                        passes.unlock();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                passRequested.set(false); // the poll (or the next start) publishes it
            }
        }
    }

    /**
     * The safety net. Skipped while a pass runs (that pass or the one its commit requested takes what is there),
     * so the scheduler's thread, which other tasks share, does not wait for the broker twice.
     */
    @Scheduled(fixedDelayString = "${composer.outbox.poll-interval:200ms}")
    void poll() {
        if (passes.tryLock()) {
            try {
                relay();
            } finally {
                passes.unlock();
            }
        }
    }

    /** One pass: publishes what is waiting, batch by batch. The caller holds {@code passes}. */
    private void relay() {
        try {
            Integer published;
            do {
                published = tx.execute(status -> publishBatch());
            } while (published != null && published == properties.batchSize());
        } catch (RuntimeException e) {
            // Database unavailable: nothing is lost, the next pass retries.
            log.debug("Outbox pass failed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        onCommit.shutdownNow();
    }

    private int publishBatch() {
        List<Pending> batch = jdbc.sql("""
                SELECT id, run_id, exchange, routing_key, payload::text, created_at FROM outbox_message
                WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                """).param("limit", properties.batchSize())
                .query((rs, i) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
        int published = 0;
        for (Pending message : batch) {
            String error = publish(message);
            if (error != null) {
                jdbc.sql("UPDATE outbox_message SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                        .param("error", error).param("id", message.id()).update();
                if (!brokerDownLogged) {
                    log.warn("Broker unavailable, {} outbox message(s) wait: {}", batch.size() - published, error);
                    brokerDownLogged = true;
                }
                break; // keep the order: later messages wait for this one
            }
            brokerDownLogged = false;
            jdbc.sql("UPDATE outbox_message SET published_at = :now, attempts = attempts + 1 WHERE id = :id")
                    .param("now", Timestamp.from(Instant.now())).param("id", message.id()).update();
            events.publishEvent(new OutboxPublished(message.runId(), message.routingKey()));
            published++;
        }
        if (!batch.isEmpty()) {
            // the pass only recorded what the broker confirmed (see BrokerOrderedCommits); set after the publishes,
            // so the statement adds no round trip before the message leaves
            commits.relax();
        }
        return published;
    }

    /** Returns null when the broker confirmed the message, otherwise why not. */
    private String publish(Pending message) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
        props.setMessageId("outbox-" + message.id());
        if (message.runId() != null) {
            props.setHeader(RunMessage.RUN_ID_HEADER, message.runId().toString());
        }
        boolean dispatch = Topology.VALIDATE_KEY.equals(message.routingKey());
        long relayed = DispatchTimes.now();
        if (dispatch) {
            // the run's way to its worker is timed from here on (see DispatchTimes)
            props.setHeader(DispatchTimes.CREATED, DispatchTimes.micros(message.createdAt()));
            props.setHeader(DispatchTimes.RELAYED, relayed);
        }
        CorrelationData correlation = new CorrelationData("outbox-" + message.id());
        try {
            rabbit.send(message.exchange(), message.routingKey(),
                    new Message(message.payload().getBytes(StandardCharsets.UTF_8), props), correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                return "broker refused the message: " + confirm.reason();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Deletes published messages older than the retention, so the table does not grow without bound. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS, initialDelay = 1)
    void prune() {
        try {
            jdbc.sql("DELETE FROM outbox_message WHERE published_at < :before")
                    .param("before", Timestamp.from(Instant.now().minus(properties.retention()))).update();
        } catch (RuntimeException e) {
            log.debug("Outbox prune failed: {}", e.getMessage());
        }
    }
}
