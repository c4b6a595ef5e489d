package io.analogcomposer.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.amqp.core.MessageProperties;

/**
 * The moments a run's first dispatch passes, carried as AMQP headers (epoch microseconds) from the API's outbox
 * through the validator's job to the worker's {@code RunStarted} event. Headers, not message fields: the message
 * contracts stay as they are, and a message without them (an older service, a re-queued job) is simply not timed.
 * The API, which receives the start, times every hop from them (see {@link Hop}).
 */
public final class DispatchTimes {

    /** The outbox row was written, in the transaction that created the run. */
    public static final String CREATED = "x-composer-dispatch-created";
    /** The outbox relay published the validation request. */
    public static final String RELAYED = "x-composer-dispatch-relayed";
    /** The validator published the job to its backend's queue. */
    public static final String VALIDATED = "x-composer-dispatch-validated";
    /** A worker received the job. */
    public static final String RECEIVED = "x-composer-dispatch-received";
    /** The worker started the job (published {@code RunStarted}). */
    public static final String STARTED = "x-composer-dispatch-started";

    private static final String[] ALL = {CREATED, RELAYED, VALIDATED, RECEIVED, STARTED};

    /** One leg of the way from a created run to its worker, between two of the moments above. */
    public enum Hop {
        /** API commit to the relay's publish: the outbox. */
        RELAY("relay", CREATED, RELAYED),
        /** The validation request's time in its queue, the validation and the job's publish. */
        VALIDATOR("validator", RELAYED, VALIDATED),
        /** The job's time in its backend queue until a worker receives it. */
        QUEUE("queue", VALIDATED, RECEIVED),
        /** A worker's reading and preparing the job until it announces the start. */
        WORKER_START("worker_start", RECEIVED, STARTED),
        /** The whole way: run created to worker started. */
        TOTAL("total", CREATED, STARTED);

        private final String tag;
        private final String from;
        private final String to;

        Hop(String tag, String from, String to) {
            this.tag = tag;
            this.from = from;
            this.to = to;
        }

        /** The value of the {@code hop} tag of the timers. */
        public String tag() {
            return tag;
        }
    }

    private DispatchTimes() {
    }

    /** Now, in the headers' unit. */
    public static long now() {
        return micros(Instant.now());
    }

    public static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    /** Copies the dispatch moments {@code from} carries onto {@code to} (a message that continues its way). */
    public static void copy(MessageProperties from, MessageProperties to) {
        for (String header : ALL) {
            Object value = from.getHeaders().get(header);
            if (value != null) {
                to.setHeader(header, value);
            }
        }
    }

    /** Whether the message carries any dispatch moment (a request or job of a run's first dispatch). */
    public static boolean carried(MessageProperties properties) {
        return properties.getHeaders().get(CREATED) != null;
    }

    /**
     * The duration of every hop whose two ends the message carries; empty for a message without them. A negative
     * hop (clocks of two machines apart) is left out rather than recorded as zero.
     */
    public static Map<Hop, Duration> hops(MessageProperties properties) {
        Map<Hop, Duration> hops = new EnumMap<>(Hop.class);
        for (Hop hop : Hop.values()) {
            Long from = micros(properties.getHeaders().get(hop.from));
            Long to = micros(properties.getHeaders().get(hop.to));
            if (from != null && to != null && to >= from) {
                hops.put(hop, Duration.ofNanos((to - from) * 1_000));
            }
        }
        return hops;
    }

    private static Long micros(Object header) {
        return switch (header) {
            case Number n -> n.longValue();
            case String s -> {
                try {
                    yield Long.parseLong(s);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case null, default -> null;
        };
    }
}
