package io.analogcomposer.worker.preview;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.worker.WorkerProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The preview responder of a worker: a consumer on {@code jobs.preview}, started only where
 * {@link PreviewProperties#enabledFor} says so (CPU workers by default).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreviewProperties.class)
public class PreviewConfiguration {

    @Bean
    Previews previews() {
        return new Previews(Catalogue.get());
    }

    @Bean
    SimpleMessageListenerContainer previewContainer(ConnectionFactory connectionFactory, Topology topology,
            PreviewProperties preview, WorkerProperties worker, Previews previews, RabbitTemplate rabbit) {
        return container(connectionFactory, topology, previews, rabbit, preview.concurrency(),
                preview.enabledFor(worker.backend()));
    }

    /** The consumer, for a worker or a test: auto-acknowledged, since a lost request only costs its caller a retry. */
    public static SimpleMessageListenerContainer container(ConnectionFactory connectionFactory, Topology topology,
            Previews previews, RabbitTemplate rabbit, int concurrency, boolean autoStartup) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.previewQueue());
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setDefaultRequeueRejected(false);
        container.setConcurrentConsumers(concurrency);
        container.setPrefetchCount(1);
        container.setMissingQueuesFatal(false);
        container.setAutoStartup(autoStartup);
        container.setMessageListener(new PreviewListener(previews, rabbit));
        return container;
    }
}
