package io.analogcomposer.api.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description spells fields as the wire does. The API's own JSON mapper (Jackson 3) writes and reads
 * snake_case, but the description is built by swagger-core with its own (Jackson 2) mapper, which knew nothing of
 * that and documented {@code expiresInDays} where the API reads {@code expires_in_days}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiNaming {

    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
