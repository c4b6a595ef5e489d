package io.analogcomposer.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The composer's front door: REST API, accounts, experiments and runs, live progress, the web UI.
 *
 * <p>Its settings live in {@code api-service.properties} rather than {@code application.properties}, so that the
 * standalone mode can run it in one JVM beside the other services without their settings colliding.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:api-service.properties")
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
