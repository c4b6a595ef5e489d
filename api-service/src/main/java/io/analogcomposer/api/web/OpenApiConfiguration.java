package io.analogcomposer.api.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description ({@code /v3/api-docs}) names what goes over the wire. springdoc builds schemas with
 * swagger-core's own (Jackson 2) mapper, which knows nothing of this service's JSON settings: without this, every
 * body was documented in the records' camelCase while the API reads and writes snake_case
 * ({@code spring.jackson.property-naming-strategy}), and a script following the docs had its fields ignored.
 * {@code OpenApiWireTest} holds the two together.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    OpenApiConfiguration() {
        // documents (experiments, rpu_config, templates) are any JSON value, not the getters of the JsonNode class
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class,
                new Schema<>().description("Any JSON value (an experiment document or a part of one)."));
        // a run's event stream is text/event-stream, not the emitter object's getters
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class, new StringSchema().description(
                "Server-sent events named for what changed (status, progress, ...), each with a JSON data line, until the run has ended."));
    }

    /** Schemas resolved with the API's naming convention; names given explicitly ({@code /aihw}) stay as given. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
