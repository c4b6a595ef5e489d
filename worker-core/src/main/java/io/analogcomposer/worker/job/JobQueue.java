package io.analogcomposer.worker.job;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.worker.events.ConfirmedSender;
import io.analogcomposer.worker.events.PublishFailedException;
import java.time.Duration;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;

/**
 * Puts a job back (re-published with its counts) or moves it to the dead-letter queue. Both are confirmed before
 * the caller acknowledges the original, so a job is never lost between the two; at worst (a crash right between
 * confirm and ack) it exists twice, and the API ignores the second run's duplicate terminal event.
 */
public class JobQueue {

    /** Why a message was dead-lettered, for whoever inspects the dead-letter queue. */
    public static final String DEAD_LETTER_REASON_HEADER = "x-composer-dead-letter-reason";

    private final ConfirmedSender sender;
    private final Topology topology;
    private final String backend;
    private final Duration timeout;

    public JobQueue(ConfirmedSender sender, Topology topology, String backend, Duration timeout) {
        this.sender = sender;
        this.topology = topology;
        this.backend = backend;
        this.timeout = timeout;
    }

    /** The queue this worker consumes. */
    public String queueName() {
        return topology.jobQueue(backend);
    }

    /** Where poison messages go. */
    public String deadLetterQueueName() {
        return topology.deadLetterQueue(queueName());
    }

    /** Re-publishes the job to the back of its queue with the given counts (see {@link DeliveryCount}). */
    void requeue(Message original, int crashes, int handBacks) throws PublishFailedException {
        Message copy = copy(original);
        copy.getMessageProperties().setHeader(DeliveryCount.CRASHES_HEADER, crashes);
        copy.getMessageProperties().setHeader(DeliveryCount.HAND_BACKS_HEADER, handBacks);
        sender.send(topology.jobsExchange(), backend, copy, timeout);
    }

    /**
     * Moves the job to {@code <queue>.dlq} with the reason in a header. Done by the worker rather than by a broker
     * rejection so that it works the same on plain queues (no dead-letter exchange) and carries the reason.
     */
    void deadLetter(Message original, String reason) throws PublishFailedException {
        Message copy = copy(original);
        copy.getMessageProperties().setHeader(DEAD_LETTER_REASON_HEADER, reason);
        sender.send(topology.deadLetterExchange(), queueName(), copy, timeout);
    }

    private static Message copy(Message original) {
        MessageProperties source = original.getMessageProperties();
        Message copy = MessageBuilder.withBody(original.getBody()).copyProperties(source).build();
        // the broker's own count belongs to the old message; the copy starts a new count
        copy.getMessageProperties().getHeaders().remove(DeliveryCount.BROKER_COUNT_HEADER);
        return copy;
    }
}
