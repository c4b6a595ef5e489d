package io.analogcomposer.api;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.validation.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The experiment-format library the API uses, and background work (outbox relay, watchdog, metrics). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ApiConfiguration {

    @Bean
    Catalogue catalogue() {
        return Catalogue.get();
    }

    @Bean
    Validator validator() {
        return Validator.standard();
    }

    /**
     * The metrics endpoint is scraped without credentials (from the monitoring namespace only, see
     * deploy/k8s/base/network-policies.yaml); disk metrics are left out because their tags name the server's data
     * directory, and health already reports free space.
     */
    @Bean
    io.micrometer.core.instrument.config.MeterFilter noDiskPaths() {
        return io.micrometer.core.instrument.config.MeterFilter.denyNameStartsWith("disk.");
    }
}
