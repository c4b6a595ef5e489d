package io.analogcomposer.api.checkpoint;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CheckpointReply;
import io.analogcomposer.spec.messages.CheckpointRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Answers workers that start a later attempt of a run with the training state an earlier attempt saved (workers
 * reach only the broker, the states live in PostgreSQL). Any API replica answers; a request that cannot be read
 * is answered with no state, so the worker starts from the first epoch instead of waiting.
 */
@Component
class CheckpointRequests {

    private static final Logger log = LoggerFactory.getLogger(CheckpointRequests.class);

    private final RunCheckpoints checkpoints;

    CheckpointRequests(RunCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @RabbitListener(queues = "#{topology.checkpointsQueue()}", autoStartup = "${composer.events.consume:true}")
    Message answer(Message request) {
        CheckpointReply reply;
        try {
            CheckpointRequest asked = SpecJson.read(new String(request.getBody(), StandardCharsets.UTF_8),
                    CheckpointRequest.class);
            reply = checkpoints.latest(UUID.fromString(asked.runId()));
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Unreadable checkpoint request: {}", e.getMessage());
            reply = CheckpointReply.none("");
        }
        MessageProperties out = new MessageProperties();
        out.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        out.setContentEncoding(StandardCharsets.UTF_8.name());
        out.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        out.setCorrelationId(request.getMessageProperties().getCorrelationId());
        return new Message(SpecJson.write(reply).getBytes(StandardCharsets.UTF_8), out);
    }
}
