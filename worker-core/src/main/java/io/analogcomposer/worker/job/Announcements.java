package io.analogcomposer.worker.job;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.ChipStatus;
import io.analogcomposer.spec.messages.WorkerAnnouncement;
import io.analogcomposer.worker.WorkerIdentity;
import io.analogcomposer.worker.events.ConfirmedSender;
import io.analogcomposer.worker.events.PublishFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Announces this worker ({@link WorkerAnnouncement}) at once when it starts consuming, then every interval, and a last
 * time as leaving when it stops, so the validator and the API know which backends have a live worker. Announcements
 * are transient: one that is lost is replaced by the next, and a stale one must not survive a broker restart.
 */
public final class Announcements {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    private final ConfirmedSender sender;
    private final Topology topology;
    private final WorkerIdentity worker;
    private final Backend backend;
    private final int capacity;
    private final String device;
    private final Duration interval;
    private final RunningJobs running;
    private final Supplier<Optional<ChipStatus>> chip;
    private ScheduledExecutorService scheduler;

    public Announcements(ConfirmedSender sender, Topology topology, WorkerIdentity worker, Backend backend,
            int capacity, String device, Duration interval, RunningJobs running) {
        this(sender, topology, worker, backend, capacity, device, interval, running, Optional::empty);
    }

    /**
     * @param chip the chip this worker drives as it is now (a hardware worker's), asked at every announcement; it
     *            must answer quickly (from what the worker last saw), since announcements keep the worker live
     */
    public Announcements(ConfirmedSender sender, Topology topology, WorkerIdentity worker, Backend backend,
            int capacity, String device, Duration interval, RunningJobs running, Supplier<Optional<ChipStatus>> chip) {
        this.sender = sender;
        this.topology = topology;
        this.worker = worker;
        this.backend = backend;
        this.capacity = capacity;
        this.device = device;
        this.interval = interval;
        this.running = running;
        this.chip = chip;
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-announcements");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(() -> announce(false), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        announce(true);
    }

    /** What this worker says about itself now. */
    public WorkerAnnouncement current(boolean leaving) {
        return WorkerAnnouncement.of(worker.id(), backend, capacity, running.snapshot().size(), device,
                interval.toMillis(), leaving, chipNow());
    }

    private ChipStatus chipNow() {
        try {
            return chip.get().orElse(null);
        } catch (RuntimeException e) {
            // the worker is live whatever its chip does: announce it without the chip rather than not at all
            log.debug("No chip status for worker {}: {}", worker.id(), e.getMessage());
            return null;
        }
    }

    private void announce(boolean leaving) {
        WorkerAnnouncement announcement = current(leaving);
        Message message = MessageBuilder.withBody(SpecJson.write(announcement).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name())
                .setMessageId(announcement.eventId().toString())
                .setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
                .setHeader("__TypeId__", WorkerAnnouncement.class.getName()).build();
        try {
            sender.sendOnce(topology.eventsExchange(), WorkerAnnouncement.ROUTING_KEY, message);
        } catch (PublishFailedException | RuntimeException e) {
            // the next announcement tries again; receivers keep a worker for a few intervals
            log.debug("Could not announce worker {}: {}", worker.id(), e.getMessage());
        }
    }
}
