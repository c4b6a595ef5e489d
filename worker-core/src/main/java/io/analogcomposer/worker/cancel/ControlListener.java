package io.analogcomposer.worker.cancel;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunMessage;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Receives the control messages every worker gets (fanout) on its own exclusive queue and records cancellations.
 * A control message it cannot read is logged and dropped: it concerns every worker at once, so dead-lettering
 * one copy per worker would only multiply the noise.
 */
public final class ControlListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final Cancellations cancellations;

    public ControlListener(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @Override
    public void onMessage(Message message) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        CancelRun cancel;
        try {
            cancel = SpecJson.read(body, CancelRun.class);
        } catch (RuntimeException e) {
            log.warn("Dropping an unreadable control message ({}): {}", e.getMessage(), abbreviate(body));
            return;
        }
        if (cancel.messageVersion() != RunMessage.VERSION) {
            log.warn("Dropping a control message of version {} (this worker reads {}): {}", cancel.messageVersion(),
                    RunMessage.VERSION, abbreviate(body));
            return;
        }
        log.info("Run {} cancelled: {}", cancel.runId(), cancel.reason());
        cancellations.cancel(cancel.runId(), cancel.reason());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
