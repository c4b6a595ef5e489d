package io.analogcomposer.messaging;

import io.analogcomposer.spec.json.SpecJson;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Declares the shared topology on the broker and converts messages to and from JSON. */
@AutoConfiguration
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingConfiguration {

    @Bean
    Topology topology(MessagingProperties properties) {
        return new Topology(properties);
    }

    @Bean
    Declarables composerTopology(Topology topology, MessagingProperties properties) {
        return topology.declarables(properties);
    }

    /**
     * Every service reads and writes messages with the experiment format's own JSON mapping (snake_case, the
     * message records' type tags), so a message means the same to its producer and its consumers.
     */
    @Bean
    MessageConverter jsonMessageConverter() {
        // The type header names classes; only our message contracts may be instantiated from it.
        return new JacksonJsonMessageConverter(SpecJson.mapper(), "io.analogcomposer.spec.messages");
    }
}
