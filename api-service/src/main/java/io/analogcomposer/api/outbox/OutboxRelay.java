package io.analogcomposer.api.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox messages in order, each confirmed by the broker before it is marked published. If the broker
 * is down the messages stay and go out on a later pass; if the process dies between the confirm and the commit
 * a message can go out twice, which consumers tolerate (every message has a unique event id).
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Pending(long id, UUID runId, String exchange, String routingKey, String payload) {}

    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate tx;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher events;
    private volatile boolean brokerDownLogged;

    OutboxRelay(JdbcClient jdbc, RabbitTemplate rabbit, TransactionTemplate tx, OutboxProperties properties,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.tx = tx;
        this.properties = properties;
        this.events = events;
    }

    @Scheduled(fixedDelayString = "${composer.outbox.poll-interval:200ms}")
    void relay() {
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

    private int publishBatch() {
        List<Pending> batch = jdbc.sql("""
                SELECT id, run_id, exchange, routing_key, payload::text FROM outbox_message
                WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                """).param("limit", properties.batchSize())
                .query((rs, i) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
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
            props.setHeader(io.analogcomposer.spec.messages.RunMessage.RUN_ID_HEADER, message.runId().toString());
        }
        CorrelationData correlation = new CorrelationData("outbox-" + message.id());
        try {
            rabbit.send(message.exchange(), message.routingKey(),
                    new Message(message.payload().getBytes(StandardCharsets.UTF_8), props), correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return confirm.ack() ? null : "broker refused the message: " + confirm.reason();
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
