package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's command line: loopback unless told otherwise, settings passed on, unknown options refused. */
class StandaloneOptionsTest {

    @Test
    void theWebPortListensOnLoopbackByDefault() {
        StandaloneOptions options = StandaloneOptions.from(new String[0], Map.of());
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(StandaloneOptions.from(new String[]{"--bind=0.0.0.0"}, Map.of()).bind()).isEqualTo("0.0.0.0");
        assertThat(StandaloneOptions.from(new String[0], Map.of("COMPOSER_BIND", "::")).bind()).isEqualTo("::");
    }

    @Test
    void composerAndSpringSettingsArePassedOnAndAnythingElseIsRefused() {
        StandaloneOptions options = StandaloneOptions.from(new String[]{"--composer.security.signup-enabled=true",
                "--spring.main.banner-mode=off", "--port=9090"}, Map.of());
        assertThat(options.settings()).containsEntry("composer.security.signup-enabled", "true")
                .containsEntry("spring.main.banner-mode", "off").hasSize(2);
        assertThat(options.port()).isEqualTo(9090);
        assertThatThrownBy(() -> StandaloneOptions.from(new String[]{"--prot=8081"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--prot=8081'")
                .hasMessageContaining("--composer.NAME=VALUE");
        assertThatThrownBy(() -> StandaloneOptions.from(new String[]{"--port=http"}, Map.of()))
                .hasMessageContaining("--port must be a number");
    }
}
