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
}
