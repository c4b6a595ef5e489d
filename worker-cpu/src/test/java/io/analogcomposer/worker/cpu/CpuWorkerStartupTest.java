package io.analogcomposer.worker.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class CpuWorkerStartupTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void reportsHealthIncludingTheBroker() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"")
                .contains("\"rabbit\"");
    }

    @Test
    void tellsWhichBackendItServes() {
        assertThat(http.getForObject("/actuator/info", String.class)).contains("\"backend\":\"cpu\"")
                .contains("\"engineVersion\"");
    }
}
