package io.analogcomposer.validator.amqp;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.validator.routing.CancelledRuns;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/** Remembers cancelled runs announced on the control fanout, so their queued jobs are not routed. */
public class ControlListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final CancelledRuns cancelled;

    public ControlListener(CancelledRuns cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    public void onMessage(Message message) {
        try {
            CancelRun cancel = SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), CancelRun.class);
            cancelled.add(cancel.runId());
            log.info("Run {} cancelled; a queued validation job of it will be discarded", cancel.runId());
        } catch (RuntimeException e) {
            // A broadcast this service cannot read is meant for someone else or broken; it must not stop us.
            log.warn("Ignored an unreadable control message: {}", e.getMessage());
        }
    }
}
