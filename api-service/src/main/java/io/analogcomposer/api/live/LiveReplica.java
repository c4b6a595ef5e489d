package io.analogcomposer.api.live;

import io.analogcomposer.messaging.Topology;
import java.util.UUID;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** This API replica's identity on the live fanout and its own queue there. */
@Component
public class LiveReplica {

    private final String id = UUID.randomUUID().toString().substring(0, 12);
    private final Topology topology;

    LiveReplica(Topology topology) {
        this.topology = topology;
    }

    public String id() {
        return id;
    }

    public String queueName() {
        return topology.liveQueue(id);
    }

    /** Not durable, exclusive, deleted with its connection: plain, so it works on any AMQP 0-9-1 broker. */
    @Bean
    Declarables liveQueueOfThisReplica() {
        Queue queue = new Queue(queueName(), false, true, true);
        return new Declarables(queue,
                BindingBuilder.bind(queue).to(new FanoutExchange(topology.liveExchange(), true, false)));
    }
}
