package io.analogcomposer.validator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * Checks every submitted run's experiment document before any worker sees it, and routes valid runs to the
 * queue of the backend that will run them. Settings in {@code validator-service.properties} (see
 * {@code ApiApplication} for why not {@code application.properties}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:validator-service.properties")
public class ValidatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ValidatorApplication.class, args);
    }
}
