package io.analogcomposer.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * The names and shape of the composer's exchanges and queues (architecture §2), in one place.
 *
 * <pre>
 * composer.jobs    (direct)  key validate → jobs.validate; key cpu|gpu|hardware → jobs.&lt;backend&gt;
 * composer.events  (topic)   run.#        → events.api
 *                            worker.#     → every API replica's and validator's own temporary queue (workers announce
 *                                           themselves: backend, capacity, device)
 * composer.control (fanout)  every worker binds its own temporary queue (cancellation)
 * composer.live    (fanout)  every API replica binds its own temporary queue (live updates for browsers)
 * composer.dead-letter (direct) key = the original queue name → &lt;queue&gt;.dlq
 * composer.preview (direct)  key preview → jobs.preview (questions the UI asks a simulator worker; request/reply)
 * </pre>
 */
public final class Topology {

    public static final String JOBS_EXCHANGE = "composer.jobs";
    public static final String EVENTS_EXCHANGE = "composer.events";
    public static final String CONTROL_EXCHANGE = "composer.control";
    public static final String DEAD_LETTER_EXCHANGE = "composer.dead-letter";
    /** Fanout of committed run changes to every API replica, for their live (SSE) followers. */
    public static final String LIVE_EXCHANGE = "composer.live";

    /**
     * Requests for engine-computed previews (drift graph, device response curves), answered by CPU workers on the
     * caller's reply queue. Nobody waits for an old answer, so the requests are transient and expire quickly.
     */
    public static final String PREVIEW_EXCHANGE = "composer.preview";
    public static final String PREVIEW_KEY = "preview";
    /** A preview request not taken by a worker within this time is dropped: its caller has given up. */
    public static final int PREVIEW_TTL_MILLIS = 30_000;

    /**
     * Requests of workers for the training state an earlier attempt of a run saved, answered by an API replica on
     * the worker's reply queue; like previews, a request nobody took in time is worthless.
     */
    public static final String CHECKPOINTS_EXCHANGE = "composer.checkpoints";
    public static final String CHECKPOINT_FETCH_KEY = "fetch";

    /** Routing key of jobs waiting for validation. */
    public static final String VALIDATE_KEY = "validate";
    /** Routing keys of the backend queues; the queue is {@code jobs.<key>}. */
    public static final List<String> BACKEND_KEYS = List.of("cpu", "gpu", "hardware");
    /** Run events are published with keys {@code run.<event>}, e.g. {@code run.progress}. */
    public static final String RUN_EVENTS_PATTERN = "run.#";

    /** Workers announce themselves with keys {@code worker.<what>}, e.g. {@code worker.announce}. */
    public static final String WORKER_EVENTS_PATTERN = "worker.#";

    public static final String EVENTS_QUEUE = "events.api";
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private final String prefix;

    public Topology(MessagingProperties properties) {
        this.prefix = properties.prefix();
    }

    public String jobsExchange() {
        return prefix + JOBS_EXCHANGE;
    }

    public String eventsExchange() {
        return prefix + EVENTS_EXCHANGE;
    }

    public String controlExchange() {
        return prefix + CONTROL_EXCHANGE;
    }

    public String liveExchange() {
        return prefix + LIVE_EXCHANGE;
    }

    /** A replica's own temporary queue on the live fanout. */
    public String liveQueue(String instance) {
        return prefix + "live." + instance;
    }

    /** A service instance's own temporary queue for worker announcements. */
    public String workersQueue(String instance) {
        return prefix + "workers." + instance;
    }

    public String previewExchange() {
        return prefix + PREVIEW_EXCHANGE;
    }

    public String previewQueue() {
        return jobQueue(PREVIEW_KEY);
    }

    public String checkpointsExchange() {
        return prefix + CHECKPOINTS_EXCHANGE;
    }

    /** The API replicas' shared queue of checkpoint requests. */
    public String checkpointsQueue() {
        return prefix + "checkpoints.api";
    }

    public String deadLetterExchange() {
        return prefix + DEAD_LETTER_EXCHANGE;
    }

    public String validateQueue() {
        return jobQueue(VALIDATE_KEY);
    }

    /** The queue of jobs with this routing key ({@code validate}, {@code cpu}, {@code gpu}, {@code hardware}). */
    public String jobQueue(String key) {
        return prefix + "jobs." + key;
    }

    public String eventsQueue() {
        return prefix + EVENTS_QUEUE;
    }

    public String deadLetterQueue(String queue) {
        return queue + DEAD_LETTER_SUFFIX;
    }

    /** Every exchange, queue and binding, for the broker's feature set. */
    public Declarables declarables(MessagingProperties properties) {
        List<Declarable> all = new ArrayList<>();
        DirectExchange jobs = new DirectExchange(jobsExchange(), true, false);
        TopicExchange events = new TopicExchange(eventsExchange(), true, false);
        FanoutExchange control = new FanoutExchange(controlExchange(), true, false);
        DirectExchange deadLetter = new DirectExchange(deadLetterExchange(), true, false);
        FanoutExchange live = new FanoutExchange(liveExchange(), true, false);
        all.addAll(List.of(jobs, events, control, deadLetter, live));

        List<String> jobKeys = new ArrayList<>();
        jobKeys.add(VALIDATE_KEY);
        jobKeys.addAll(BACKEND_KEYS);
        for (String key : jobKeys) {
            Queue queue = durable(jobQueue(key), properties);
            all.add(queue);
            all.add(BindingBuilder.bind(queue).to(jobs).with(key));
            all.addAll(deadLetterPair(queue.getName(), deadLetter, properties));
        }
        Queue eventsQueue = durable(eventsQueue(), properties);
        all.add(eventsQueue);
        all.add(BindingBuilder.bind(eventsQueue).to(events).with(RUN_EVENTS_PATTERN));
        all.addAll(deadLetterPair(eventsQueue.getName(), deadLetter, properties));

        DirectExchange preview = new DirectExchange(previewExchange(), true, false);
        Queue previewQueue = previewQueue(properties);
        all.addAll(List.of(preview, previewQueue, BindingBuilder.bind(previewQueue).to(preview).with(PREVIEW_KEY)));

        DirectExchange checkpoints = new DirectExchange(checkpointsExchange(), true, false);
        Queue checkpointsQueue = transientRequests(checkpointsQueue(), properties);
        all.addAll(List.of(checkpoints, checkpointsQueue,
                BindingBuilder.bind(checkpointsQueue).to(checkpoints).with(CHECKPOINT_FETCH_KEY)));
        return new Declarables(all);
    }

    /**
     * A classic queue without dead-lettering: a lost preview request costs a retry in the browser, nothing more. It
     * is durable only because RabbitMQ 4 deprecates transient shared queues; the requests themselves are sent
     * non-persistent. Where the broker has RabbitMQ's features they also carry a per-message expiration and the
     * queue caps their age and length, so a burst with no worker running cannot pile up (the embedded broker reads
     * a message's expiration as an absolute time, so it gets neither).
     */
    private Queue previewQueue(MessagingProperties properties) {
        return transientRequests(previewQueue(), properties);
    }

    /** A queue of request/reply requests (previews, checkpoint fetches), as described above. */
    private Queue transientRequests(String name, MessagingProperties properties) {
        Map<String, Object> args = new HashMap<>();
        if (properties.rabbitQueueFeatures()) {
            args.put("x-message-ttl", PREVIEW_TTL_MILLIS);
            args.put("x-max-length", 1000);
            args.put("x-overflow", "reject-publish");
        }
        return new Queue(name, true, false, false, args);
    }

    private List<Declarable> deadLetterPair(String queue, DirectExchange deadLetter, MessagingProperties properties) {
        Queue dlq = new Queue(deadLetterQueue(queue), true, false, false,
                properties.rabbitQueueFeatures() ? Map.of("x-queue-type", "quorum") : Map.of());
        Binding binding = BindingBuilder.bind(dlq).to(deadLetter).with(queue);
        return List.of(dlq, binding);
    }

    private Queue durable(String name, MessagingProperties properties) {
        Map<String, Object> args = new HashMap<>();
        if (properties.rabbitQueueFeatures()) {
            // Quorum queues survive a broker node loss and count deliveries, so a job whose worker keeps
            // crashing is dead-lettered after deliveryLimit attempts instead of looping forever.
            args.put("x-queue-type", "quorum");
            args.put("x-delivery-limit", properties.deliveryLimit());
            args.put("x-dead-letter-exchange", deadLetterExchange());
            args.put("x-dead-letter-routing-key", name);
        }
        return new Queue(name, true, false, false, args);
    }
}
