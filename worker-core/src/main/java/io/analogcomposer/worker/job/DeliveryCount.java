package io.analogcomposer.worker.job;

import java.util.Map;
import org.springframework.amqp.core.MessageProperties;

/**
 * How often a job ran before this delivery, read from the message.
 *
 * <p>RabbitMQ's quorum queues count deliveries themselves ({@code x-delivery-count}). Plain queues (the embedded
 * broker of the standalone mode) only flag a redelivery, so there the worker counts: a redelivered job is
 * re-published with the count in {@link #CRASHES_HEADER} and acknowledged, and the copy runs. Hand-backs on
 * shutdown are counted apart ({@link #HAND_BACKS_HEADER}): they restart the job (a new attempt) but are not crashes.
 *
 * @param brokerCount the broker's {@code x-delivery-count}, or -1 when the broker does not count
 * @param redelivered the broker's redelivered flag: an earlier delivery of this very message was not acknowledged
 * @param carriedCrashes crashes counted before the message was last re-published
 * @param handBacks how often a worker handed the job back on shutdown
 */
public record DeliveryCount(int brokerCount, boolean redelivered, int carriedCrashes, int handBacks) {

    /** Crashes counted by workers before the job was re-published. */
    public static final String CRASHES_HEADER = "x-composer-crashes";
    /** Graceful hand-backs of the job. */
    public static final String HAND_BACKS_HEADER = "x-composer-hand-backs";
    /** Set by RabbitMQ quorum queues on redeliveries. */
    public static final String BROKER_COUNT_HEADER = "x-delivery-count";

    public static DeliveryCount of(MessageProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Boolean redelivered = properties.isRedelivered();
        return new DeliveryCount(intHeader(headers, BROKER_COUNT_HEADER, -1), redelivered != null && redelivered,
                intHeader(headers, CRASHES_HEADER, 0), intHeader(headers, HAND_BACKS_HEADER, 0));
    }

    /** Whether the broker counts deliveries of this message. */
    public boolean brokerCounts() {
        return brokerCount >= 0;
    }

    /**
     * True when this is a redelivery the broker did not count: the job must be re-published with
     * {@link #priorCrashes()} before it runs, or a later crash would forget this one.
     */
    public boolean needsRecount() {
        return redelivered && !brokerCounts();
    }

    /** Deliveries of this job that ended without an acknowledgement: its worker died or lost its connection. */
    public int priorCrashes() {
        return carriedCrashes + (brokerCounts() ? brokerCount : redelivered ? 1 : 0);
    }

    /** Executions of this job before this one (each restart is a new attempt). */
    public int priorExecutions() {
        return priorCrashes() + handBacks;
    }

    private static int intHeader(Map<String, Object> headers, String name, int fallback) {
        Object value = headers.get(name);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
