package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.api.ApiApplication;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An API replica without the shared JWT secret would sign with a key of its own and refuse every other replica's
 * JWTs (and sign everyone out when it restarts): it refuses to start instead, saying what to set.
 */
class JwtSecretRequiredTest {

    @Test
    void anApiWithoutTheSharedJwtSecretRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ApiApplication.class)
                .initializers(new IsolatedServicesInitializer()).registerShutdownHook(false)
                .run("--server.port=0", "--composer.security.jwt-secret=").close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("composer.security.jwt-secret")
                .hasMessageContaining("COMPOSER_SECURITY_JWT_SECRET").hasMessageContaining("every API replica");
    }
}
