package io.analogcomposer.validator.amqp;

import com.rabbitmq.client.Channel;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.validator.ValidatorProperties;
import io.analogcomposer.validator.routing.Outcome;
import io.analogcomposer.validator.routing.RunRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Consumes {@code jobs.validate} with manual acknowledgement, reading raw bodies (no message converter, which
 * would reject unreadable messages before we could dead-letter them with a reason). A message is acknowledged only after everything
 * it leads to (the job and its event, a rejection, or its dead-letter copy) has been confirmed by the broker;
 * if publishing fails the message is returned to the queue and tried again (the quorum queue's delivery limit
 * bounds the retries).
 */
public class ValidationListener implements ChannelAwareMessageListener {

    /** Header that carries why a message was dead-lettered. */
    public static final String REASON_HEADER = "x-composer-dead-letter-reason";

    private static final Logger log = LoggerFactory.getLogger(ValidationListener.class);

    private final RunRouter router;
    private final RabbitTemplate rabbit;
    private final Topology topology;
    private final ValidatorProperties properties;
    private final MeterRegistry meters;
    private final Timer timer;

    public ValidationListener(RunRouter router, RabbitTemplate rabbit, Topology topology,
            ValidatorProperties properties,
            MeterRegistry meters) {
        this.router = router;
        this.rabbit = rabbit;
        this.topology = topology;
        this.properties = properties;
        this.meters = meters;
        this.timer = Timer.builder("composer.validator.validation").description("Time to validate one run")
                .register(meters);
    }

    /** Called by a manual-ack container on {@code jobs.validate}; raw bytes, so unreadable bodies reach us. */
    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Outcome outcome = timer.record(() -> router.route(message.getBody()));
        try {
            switch (outcome) {
                case Outcome.Routed routed -> {
                    publish(topology.jobsExchange(), routed.job().backend().queueKey(), routed.job(),
                            message.getMessageProperties());
                    publish(topology.eventsExchange(), routed.event().routingKey(), routed.event());
                    log.info("Run {} attempt {} validated, routed to {}", routed.job().runId(), routed.job().attempt(),
                            topology.jobQueue(routed.job().backend().queueKey()));
                }
                case Outcome.Rejected rejected -> {
                    publish(topology.eventsExchange(), rejected.event().routingKey(), rejected.event());
                    log.info("Run {} rejected with {} error(s)", rejected.event().runId(),
                            rejected.event().errors().size());
                }
                case Outcome.Discarded discarded -> {
                    publish(topology.eventsExchange(), discarded.event().routingKey(), discarded.event());
                    log.info("Run {} was cancelled while queued; its job is discarded", discarded.event().runId());
                }
                case Outcome.DeadLetter dead -> {
                    deadLetter(message, dead.reason());
                    failRunOf(message, dead.reason());
                    log.warn("Dead-lettered a validation message ({} bytes, id {}): {}", message.getBody().length,
                            message.getMessageProperties().getMessageId(), dead.reason());
                }
            }
        } catch (PublishException e) {
            log.warn("Could not publish the outcome of a validation message, returning it to the queue: {}",
                    e.getMessage());
            meters.counter("composer.validator.publish.failures").increment();
            channel.basicNack(tag, false, true);
            return;
        }
        meters.counter("composer.validator.messages", "outcome", name(outcome)).increment();
        channel.basicAck(tag, false);
    }

    private static String name(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Routed r -> "validated";
            case Outcome.Rejected r -> "rejected";
            case Outcome.Discarded d -> "cancelled";
            case Outcome.DeadLetter d -> "dead_lettered";
        };
    }

    private void publish(String exchange, String routingKey, RunMessage payload) {
        publish(exchange, routingKey, payload, null);
    }

    /** @param request the validation request whose dispatch moments the job carries on, or null */
    private void publish(String exchange, String routingKey, RunMessage payload, MessageProperties request) {
        Message message = MessageBuilder.withBody(SpecJson.write(payload).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name()).setMessageId(payload.eventId().toString())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setHeader("__TypeId__", payload.getClass().getName()).build();
        if (request != null && DispatchTimes.carried(request)) {
            DispatchTimes.copy(request, message.getMessageProperties());
            message.getMessageProperties().setHeader(DispatchTimes.VALIDATED, DispatchTimes.now());
        }
        send(exchange, routingKey, message, payload instanceof RunEvent e ? e.eventName() : "job");
    }

    /**
     * A dead-lettered request whose run is named in its headers fails that run with the reason: otherwise the run
     * would wait in {@code validating} for an answer that never comes.
     */
    private void failRunOf(Message message, String reason) {
        Object header = message.getMessageProperties().getHeaders().get(RunMessage.RUN_ID_HEADER);
        if (header == null) {
            return;
        }
        try {
            String runId = UUID.fromString(header.toString()).toString();
            RunFailed failed = RunFailed.of(runId, 1, "The run could not be validated: " + reason + ".",
                    "dead_lettered");
            publish(topology.eventsExchange(), failed.routingKey(), failed);
        } catch (IllegalArgumentException notARunId) {
            log.warn("Dead-lettered message names no valid run ({}): {}", header, notARunId.getMessage());
        }
    }

    /**
     * Copies the message to the dead-letter exchange with the reason, keyed by the queue it came from (so it
     * lands in {@code jobs.validate.dlq}). Done by the service rather than by rejecting it, so the reason
     * travels with it and the embedded broker of the standalone mode, which has no dead-letter exchanges,
     * behaves the same.
     */
    private void deadLetter(Message original, String reason) {
        MessageProperties props = original.getMessageProperties();
        Message copy = MessageBuilder.withBody(original.getBody())
                .setContentType(props.getContentType() == null
                        ? MessageProperties.CONTENT_TYPE_BYTES
                        : props.getContentType())
                .setMessageId(props.getMessageId() == null ? UUID.randomUUID().toString() : props.getMessageId())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).setHeader(REASON_HEADER, reason)
                .setHeader("x-composer-original-queue", topology.validateQueue())
                .setHeader("x-composer-dead-lettered-at", Instant.now().toString()).build();
        send(topology.deadLetterExchange(), topology.validateQueue(), copy, "dead letter");
    }

    private void send(String exchange, String routingKey, Message message, String what) {
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            rabbit.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new PublishException(what + " refused by the broker: " + confirm.reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing the " + what);
        } catch (ExecutionException | TimeoutException | org.springframework.amqp.AmqpException e) {
            throw new PublishException("could not publish the " + what + ": " + e);
        }
    }

    /** Publishing an outcome failed; the message goes back to the queue. */
    static final class PublishException extends RuntimeException {
        PublishException(String message) {
            super(message);
        }
    }
}
