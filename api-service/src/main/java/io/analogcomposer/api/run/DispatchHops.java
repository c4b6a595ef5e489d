package io.analogcomposer.api.run;

import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

/**
 * Times a run's way from its creation to its worker's start, hop by hop ({@code composer.dispatch.hop}, tagged
 * {@code hop}: relay, validator, queue, worker_start and total), from the moments the {@code RunStarted} event
 * carries (see {@link DispatchTimes}). Recorded here, where the start is applied once, rather than in each service:
 * one registry has every hop, also in the standalone composer, whose services do not share theirs.
 */
@Component
public class DispatchHops {

    /** The timer's name. */
    public static final String TIMER = "composer.dispatch.hop";

    private final Map<DispatchTimes.Hop, Timer> timers = new EnumMap<>(DispatchTimes.Hop.class);

    DispatchHops(MeterRegistry registry) {
        for (DispatchTimes.Hop hop : DispatchTimes.Hop.values()) {
            timers.put(hop, Timer.builder(TIMER).tag("hop", hop.tag())
                    .description("Time a run's first dispatch spends on one hop, run created to worker started")
                    .publishPercentiles(0.5, 0.99).register(registry));
        }
    }

    /** Records the hops of a start event applied for the first time (never for a duplicate). */
    void started(MessageProperties event) {
        for (Map.Entry<DispatchTimes.Hop, Duration> hop : DispatchTimes.hops(event).entrySet()) {
            timers.get(hop.getKey()).record(hop.getValue());
        }
    }
}
