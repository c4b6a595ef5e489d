package io.analogcomposer.api.run;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunStarted;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Consumes {@code events.api}, by default with one consumer so that the events of one publisher are applied in
 * the order they were sent (a run's progress before its completion). An event is acknowledged only after it
 * was applied and committed. When the database is away the event goes back to the queue (after a pause, so a
 * long outage does not spin); an event that cannot be read is rejected to the dead-letter queue with the reason
 * logged.
 */
@Component
class RunEventListener {

    private static final Logger log = LoggerFactory.getLogger(RunEventListener.class);

    private final RunEventHandler handler;
    private final DispatchHops dispatch;

    RunEventListener(RunEventHandler handler, DispatchHops dispatch) {
        this.handler = handler;
        this.dispatch = dispatch;
    }

    @RabbitListener(queues = "#{topology.eventsQueue()}", concurrency = "${composer.events.concurrency:1}", autoStartup = "${composer.events.consume:true}")
    void onEvent(Message message) {
        RunEvent event;
        try {
            event = SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), RunEvent.class);
        } catch (RuntimeException e) {
            log.warn("Rejecting unreadable run event ({}): {}", e.getClass().getSimpleName(), e.getMessage());
            throw new AmqpRejectAndDontRequeueException("unreadable run event: " + e.getMessage(), e);
        }
        try {
            boolean applied = handler.apply(event);
            if (applied && event instanceof RunStarted) {
                // once per run: a duplicate start is not applied, a retry's start carries no dispatch moments
                dispatch.started(message.getMessageProperties());
            }
        } catch (DataAccessException | TransactionException e) {
            log.warn("Database unavailable while applying {} of run {}; will retry: {}", event.eventName(),
                    event.runId(), e.getMessage());
            pause();
            throw new ImmediateRequeueAmqpException("database unavailable", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
