package io.analogcomposer.worker.hardware.chip;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.client.ChipException;
import io.analogcomposer.chip.protocol.ChipHealth;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.spec.messages.ChipStatus;

/**
 * What the worker knows of its chip for its announcements: who the chip is and whether it answers now. The answer
 * is always immediate (the last check); a check older than {@code maxAge} starts a new one in the background, so a
 * chip that hangs never delays an announcement, which keeps the worker live. A job that talks to the chip counts as
 * a check. The chip's health is asked each time (a controller answers it even while programming); its identity when
 * it is not known yet or the chip was away (another chip may have been connected meanwhile).
 */
public final class ChipWatch implements AutoCloseable {

    /** The Fusion chip and the emulator are one crossbar array: {@code word_lines × bit_lines} is the whole chip. */
    private static final int TILES = 1;

    private final ChipClient client;
    private final Duration maxAge;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chip-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile ChipIdentity identity;
    private volatile ChipStatus last;

    /**
     * @param client a client with a short request timeout (the probe should not wait minutes for a hung chip)
     * @param maxAge how old a check may be before the next announcement starts another
     */
    public ChipWatch(ChipClient client, Duration maxAge) {
        this.client = client;
        this.maxAge = maxAge;
        this.last = new ChipStatus(null, null, null, false, 0, 0, 0, false, "not checked yet", Instant.now());
        refresh();
    }

    /** The chip as last found; starts a new check in the background when that is older than {@code maxAge}. */
    public ChipStatus current() {
        ChipStatus now = last;
        if (now.checkedAt().plus(maxAge).isBefore(Instant.now())) {
            refresh();
        }
        return now;
    }

    /** A job identified the chip: it answers. */
    public void seen(ChipIdentity who) {
        identity = who;
        ChipStatus before = last;
        last = status(who, true, before.online() ? before.detail() : "", Instant.now());
    }

    /** Starts a check unless one is running. */
    public void refresh() {
        if (checking.compareAndSet(false, true)) {
            try {
                checker.execute(this::check);
            } catch (RuntimeException e) {
                checking.set(false); // closed
            }
        }
    }

    /** Checks the chip now, on the calling thread (one check at a time); returns what was found. */
    public synchronized ChipStatus check() {
        try {
            ChipIdentity who = identity;
            if (who == null || !last.online()) {
                who = client.identify();
                identity = who;
            }
            ChipHealth health = client.health();
            String detail = "ok".equals(health.status()) ? "" : health.status() + ": " + health.detail();
            last = status(who, true, detail, Instant.now());
        } catch (RuntimeException e) {
            // what it was stays known (a user sees which chip is away), the reason beside it
            String why = e instanceof ChipException chip ? chip.error().message() : e.getMessage();
            last = status(identity, false, "the chip does not answer: " + why, Instant.now());
        } finally {
            checking.set(false);
        }
        return last;
    }

    private static ChipStatus status(ChipIdentity who, boolean online, String detail, Instant at) {
        if (who == null) {
            return new ChipStatus(null, null, null, false, 0, 0, 0, online, detail, at);
        }
        return new ChipStatus(who.chipId(), who.model(), who.firmwareVersion(), who.emulated(), TILES,
                who.wordLines(), who.bitLines(), online, detail, at);
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
