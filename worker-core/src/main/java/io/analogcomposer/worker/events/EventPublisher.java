package io.analogcomposer.worker.events;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.messages.RunMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Publishes run events on {@code composer.events} with key {@code run.<event>}, each confirmed by the broker. The body is the experiment format's JSON ({@link SpecJson}:
 * snake_case, {@code "event"} tag), the same bytes whichever converter a consumer uses.
 */
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final ConfirmedSender sender;
    private final Topology topology;
    private final Duration terminalTimeout;

    public EventPublisher(ConfirmedSender sender, Topology topology, Duration terminalTimeout) {
        this.sender = sender;
        this.topology = topology;
        this.terminalTimeout = terminalTimeout;
    }

    /**
     * Publishes a terminal event, retrying until the broker confirms it or {@code publish-timeout} passes: the job
     * is acknowledged only after this returns, so a run never ends without its outcome being on the broker.
     */
    public void publishTerminal(RunEvent event) throws PublishFailedException {
        sender.send(topology.eventsExchange(), event.routingKey(), toMessage(event), terminalTimeout);
    }

    /**
     * Publishes an event whose loss does not lose the run (started, progress, heartbeat): tried once, and a failure
     * is logged rather than stopping the job. Returns whether the broker confirmed it.
     */
    public boolean publish(RunEvent event) {
        return publish(event, null);
    }

    /**
     * Publishes like {@link #publish(RunEvent)}, carrying the dispatch moments of the job it answers (see
     * {@link DispatchTimes}) when {@code job} has them.
     */
    public boolean publish(RunEvent event, MessageProperties job) {
        try {
            Message message = toMessage(event);
            if (job != null && DispatchTimes.carried(job)) {
                DispatchTimes.copy(job, message.getMessageProperties());
                message.getMessageProperties().setHeader(DispatchTimes.STARTED,
                        DispatchTimes.micros(event.timestamp()));
            }
            sender.sendOnce(topology.eventsExchange(), event.routingKey(), message);
            return true;
        } catch (PublishFailedException e) {
            log.warn("Could not publish {} of run {}: {}", event.eventName(), event.runId(), e.getMessage());
            return false;
        }
    }

    /** The message as every service expects it: format JSON, persistent, its event id as message id. */
    public static Message toMessage(RunMessage payload) {
        return MessageBuilder.withBody(SpecJson.write(payload).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name()).setMessageId(payload.eventId().toString())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                // what JacksonJsonMessageConverter would set, for consumers that resolve the type from the header
                .setHeader("__TypeId__", payload.getClass().getName()).build();
    }
}
