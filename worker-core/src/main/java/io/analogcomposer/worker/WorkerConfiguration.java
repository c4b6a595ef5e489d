package io.analogcomposer.worker;

import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The runtime every worker application imports ({@code @Import(WorkerConfiguration.class)}). Not an
 * auto-configuration: in the standalone mode the API and validator share the classpath and must not get it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

    @Bean
    WorkerInfo workerInfo(WorkerProperties properties) {
        return new WorkerInfo(properties);
    }
}
