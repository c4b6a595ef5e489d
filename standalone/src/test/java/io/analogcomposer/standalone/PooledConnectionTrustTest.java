package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standalone's pools lend an idle connection without pinging it first, unless the user chose otherwise. */
class PooledConnectionTrustTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY);
        } else {
            System.setProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY, before);
        }
    }

    @Test
    void anIdleConnectionIsLentWithoutAPingForTenMinutes() {
        System.clearProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY);

        StandaloneComposer.trustPooledConnections();

        assertThat(System.getProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY)).isEqualTo("600000");
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        System.setProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY, "500");

        StandaloneComposer.trustPooledConnections();

        assertThat(System.getProperty(StandaloneComposer.ALIVE_BYPASS_PROPERTY)).isEqualTo("500");
    }
}
