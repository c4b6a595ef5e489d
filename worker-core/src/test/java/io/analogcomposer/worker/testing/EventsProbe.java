package io.analogcomposer.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Reads run events from a queue (by default the API's {@code events.api}) the way the API would: the format's JSON
 * into {@link RunEvent}. Every event read is kept by run, so waiting for one run never loses another's events.
 */
public final class EventsProbe {

    private final RabbitTemplate rabbit;
    private final String queue;
    private final Map<String, List<RunEvent>> byRun = new ConcurrentHashMap<>();
    private final Map<java.util.UUID, Map<String, Object>> headers = new ConcurrentHashMap<>();

    public EventsProbe(RabbitTemplate rabbit, String queue) {
        this.rabbit = rabbit;
        this.queue = queue;
    }

    /** Reads until the run has an event matching {@code until}; returns all its events so far, in order. */
    public synchronized List<RunEvent> awaitEvent(String runId, Predicate<RunEvent> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RunEvent> events = events(runId);
            if (events.stream().anyMatch(until)) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event for run " + runId + " within " + timeout + "; got "
                        + events.stream().map(RunEvent::eventName).toList());
            }
            Message message = receive();
            if (message != null) {
                RunEvent event = SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), RunEvent.class);
                assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo(event.routingKey());
                byRun.computeIfAbsent(event.runId(), k -> new ArrayList<>()).add(event);
                headers.put(event.eventId(), Map.copyOf(message.getMessageProperties().getHeaders()));
            }
        }
    }

    /**
     * Waits for the run's terminal event and returns all its events, including any still waiting in the queue right
     * after it: a delivery that a slow broker handed to a receive that had already timed out goes back to the queue,
     * and on a quorum queue behind later messages, so a run's artifacts can come after its completion. The terminal
     * event is put last, as the run's final state.
     */
    public synchronized List<RunEvent> awaitTerminal(String runId, Duration timeout) {
        awaitEvent(runId, RunEvent::terminal, timeout);
        Message message;
        while ((message = receive()) != null) {
            RunEvent event = SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), RunEvent.class);
            byRun.computeIfAbsent(event.runId(), k -> new ArrayList<>()).add(event);
            headers.put(event.eventId(), Map.copyOf(message.getMessageProperties().getHeaders()));
        }
        List<RunEvent> events = new ArrayList<>(events(runId));
        RunEvent terminal = events.stream().filter(RunEvent::terminal).findFirst().orElseThrow();
        events.remove(terminal);
        events.add(terminal);
        return events;
    }

    /** Reads for {@code period} and returns the run's events (to show that nothing else arrives). */
    public synchronized List<RunEvent> drain(String runId, Duration period) {
        try {
            awaitEvent(runId, e -> false, period);
        } catch (AssertionError expected) {
            // the period is over
        }
        return events(runId);
    }

    /**
     * One message, or null after 200 ms. A broker too busy to confirm the short-lived consumer in time is the same
     * as no message yet (the delivery, if any, goes back to the queue), not a failure of the run under test.
     */
    private Message receive() {
        try {
            return rabbit.receive(queue, 200);
        } catch (org.springframework.amqp.rabbit.core.ConsumeOkNotReceivedException slowBroker) {
            return null;
        }
    }

    /** The AMQP headers the event arrived with. */
    public Map<String, Object> headers(RunEvent event) {
        return headers.getOrDefault(event.eventId(), Map.of());
    }

    public synchronized List<RunEvent> events(String runId) {
        return List.copyOf(byRun.getOrDefault(runId, List.of()));
    }

    /**
     * The events' names, with a failed run's code and reason: the description an assertion on a run's events shows
     * when it fails, so that a run failing on a build machine says why.
     */
    public static String describe(List<RunEvent> events) {
        return events.stream().map(e -> e instanceof io.analogcomposer.spec.messages.RunFailed f
                ? "failed(" + f.code() + ": " + f.reason() + ")"
                : e.eventName()).filter(n -> !n.equals("heartbeat")).toList().toString();
    }

    /** The events' names without heartbeats, which come at their own pace. */
    public static List<String> names(List<RunEvent> events) {
        return events.stream().map(RunEvent::eventName).filter(n -> !n.equals("heartbeat")).toList();
    }
}
