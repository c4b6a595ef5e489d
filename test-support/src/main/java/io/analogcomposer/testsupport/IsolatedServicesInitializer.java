package io.analogcomposer.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the real PostgreSQL and RabbitMQ, isolated for this context: a fresh
 * database and a unique prefix for every exchange and queue ({@code composer.messaging.prefix}). When the
 * context closes, the database is dropped and the prefixed queues and exchanges are deleted.
 *
 * <p>Use with {@code @ContextConfiguration(initializers = IsolatedServicesInitializer.class)} or
 * {@code @SpringBootTest(...)} plus that annotation.
 */
public class IsolatedServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresServer pg = TestServices.postgres();
        RabbitServer mq = TestServices.rabbit();
        IsolatedDatabase database = pg.createDatabase();
        String prefix = mq.newNamePrefix();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("isolatedTestServices",
                Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username", database.user(),
                        "spring.datasource.password", database.password(), "spring.rabbitmq.host", mq.host(),
                        "spring.rabbitmq.port", mq.port(), "spring.rabbitmq.username", mq.user(),
                        "spring.rabbitmq.password", mq.password(), "composer.messaging.prefix", prefix)));
        // A default the test's own properties may override (an API context refuses to start without a JWT secret).
        // Also smaller connection pools: a test makes a handful of parallel calls at most, and six cached contexts
        // of ten connections each, plus the end-to-end clusters, came close to PostgreSQL's 100 connections.
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource("testDefaults",
                Map.of("composer.security.jwt-secret", TestServices.JWT_SECRET,
                        "spring.datasource.hikari.maximum-pool-size", 5)));
        // Names are collected once the context is refreshed; cleanup runs as the last bean to be destroyed, after
        // the scheduled tasks, listeners and connection pools that still use the database and queues are gone.
        List<String> queues = new ArrayList<>();
        List<String> exchanges = new ArrayList<>();
        context.addApplicationListener((ApplicationListener<ContextRefreshedEvent>) event -> {
            if (event.getApplicationContext() == context) {
                queues.clear();
                exchanges.clear();
                AmqpNames.collect(context, prefix, queues, exchanges);
            }
        });
        ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("isolatedTestServices",
                () -> {
                    mq.delete(queues, exchanges);
                    database.close();
                });
    }

}
