package io.analogcomposer.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service talks to the broker.
 *
 * @param prefix put before every exchange and queue name; empty in production, unique per test run
 * @param rabbitQueueFeatures whether the broker understands RabbitMQ's queue arguments (quorum queues,
 *        dead-letter exchanges, delivery limits). The embedded broker of the standalone mode does not; there
 *        the same names are declared as plain durable queues and the workers count redeliveries themselves.
 * @param deliveryLimit how often a job is redelivered after its first delivery before it is dead-lettered
 *        (each redelivery follows a worker that died or gave the job back)
 */
@ConfigurationProperties("composer.messaging")
public record MessagingProperties(@DefaultValue("") String prefix, @DefaultValue("true") boolean rabbitQueueFeatures,
        @DefaultValue("3") int deliveryLimit) {

    public MessagingProperties {
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException(
                    "composer.messaging.delivery-limit must be at least 1, was " + deliveryLimit);
        }
    }
}
