package io.analogcomposer.api.live;

import io.analogcomposer.api.run.RunChanged;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Carries committed run changes to every API replica. Run events are consumed by one replica (a competing
 * queue), but a browser may follow the run on another: each replica pushes a change to its own followers at
 * once and broadcasts it on {@code composer.live}; the others push it to theirs. If the broadcast fails, only
 * other replicas' followers miss it (they still get the state on reconnect).
 */
@Component
class LiveFanout {

    private static final Logger log = LoggerFactory.getLogger(LiveFanout.class);

    private final String instance;
    private final RunStreams streams;
    private final RabbitTemplate rabbit;
    private final Topology topology;

    LiveFanout(LiveReplica replica, RunStreams streams, RabbitTemplate rabbit, Topology topology) {
        this.instance = replica.id();
        this.streams = streams;
        this.rabbit = rabbit;
        this.topology = topology;
    }

    @TransactionalEventListener
    void onCommitted(RunChanged change) {
        streams.deliver(change);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("origin", instance);
            body.put("run_id", change.runId());
            body.put("owner_id", change.ownerId());
            body.put("type", change.type());
            body.put("data", change.data());
            MessageProperties props = new MessageProperties();
            props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
            rabbit.send(topology.liveExchange(), "",
                    new Message(SpecJson.write(body).getBytes(StandardCharsets.UTF_8), props));
        } catch (RuntimeException e) {
            log.debug("Live broadcast of run {} failed: {}", change.runId(), e.getMessage());
        }
    }

    @RabbitListener(queues = "#{@liveReplica.queueName()}")
    @SuppressWarnings("unchecked")
    void onBroadcast(Message message) {
        Map<String, Object> body = SpecJson.mapper().readValue(message.getBody(), Map.class);
        if (instance.equals(body.get("origin"))) {
            return;
        }
        streams.deliver(new RunChanged(UUID.fromString((String) body.get("run_id")),
                UUID.fromString((String) body.get("owner_id")), (String) body.get("type"),
                (Map<String, Object>) body.get("data")));
    }
}
