package io.analogcomposer.worker.preview;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.validation.Issue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.core.JacksonException;

/**
 * Takes preview requests from {@code jobs.preview} and sends each answer to the request's reply address (RabbitMQ's
 * direct reply-to, or the caller's temporary queue on a broker without it), with the request's correlation id. A
 * request that cannot even be read is answered too, so its caller hears why instead of timing out; one without a
 * reply address is dropped, as nobody waits for it.
 */
public final class PreviewListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(PreviewListener.class);

    private final Previews previews;
    private final RabbitTemplate rabbit;

    public PreviewListener(Previews previews, RabbitTemplate rabbit) {
        this.previews = previews;
        this.rabbit = rabbit;
    }

    @Override
    public void onMessage(Message message) {
        MessageProperties in = message.getMessageProperties();
        if (in.getReplyTo() == null || in.getReplyTo().isBlank()) {
            log.warn("dropping a preview request without a reply address");
            return;
        }
        PreviewResponse response = answer(message.getBody());
        MessageProperties out = new MessageProperties();
        out.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        out.setContentEncoding(StandardCharsets.UTF_8.name());
        out.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        out.setCorrelationId(in.getCorrelationId());
        out.setHeader("__TypeId__", PreviewResponse.class.getName());
        rabbit.send("", in.getReplyTo(), new Message(SpecJson.write(response).getBytes(StandardCharsets.UTF_8), out));
    }

    PreviewResponse answer(byte[] body) {
        PreviewRequest request;
        try {
            request = SpecJson.read(new String(body, StandardCharsets.UTF_8), PreviewRequest.class);
        } catch (JacksonException | IllegalArgumentException e) {
            return PreviewResponse.rejected(List.of(new Issue("", "not a preview request: "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()), null,
                    "unreadable")));
        }
        try {
            return previews.answer(request);
        } catch (RuntimeException e) {
            // an engine bug must not leave the caller waiting: answer with it, and log it for us
            log.error("preview {} failed", request.kindName(), e);
            return PreviewResponse.rejected(List.of(new Issue("", "the simulator could not compute this preview: "
                    + e.getMessage(), null, "internal")));
        }
    }
}
