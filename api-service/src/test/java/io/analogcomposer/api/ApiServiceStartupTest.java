package io.analogcomposer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.accounts.demo-user=true")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class ApiServiceStartupTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UserAccountRepository accounts;

    @Autowired
    java.util.List<ApplicationRunner> runners;

    @Test
    void healthIsUpWithDatabaseAndBroker() {
        String health = http.getForObject("/actuator/health", String.class);
        assertThat(health).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"rabbit\"");
    }

    @Test
    void migrationsCreatedTheAccountTable() {
        Integer applied = jdbc.queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND script = 'V1__accounts.sql'",
                Integer.class);
        assertThat(applied).isEqualTo(1);
    }

    @Test
    void demoAccountIsCreatedOnceWithAHashedPassword(CapturedOutput output) throws Exception {
        var demo = accounts.findByUsername("demo").orElseThrow();
        assertThat(demo.passwordHash()).startsWith("{argon2@SpringSecurity_v5_8}");
        // A second start must neither create a second account nor print a new password.
        ApplicationArguments noArgs = new DefaultApplicationArguments();
        int before = (output.getOut() + output.getErr()).length();
        for (ApplicationRunner runner : runners) {
            runner.run(noArgs);
        }
        assertThat(accounts.count()).isEqualTo(1);
        assertThat((output.getOut() + output.getErr()).substring(before)).doesNotContain("Created the demo account");
    }

    @Test
    void servesTheWebUi() {
        assertThat(http.getForObject("/", String.class)).contains("<title>Analog Composer</title>");
        assertThat(http.getForObject("/js/status.js", String.class)).contains("/actuator/health");
    }

    @Test
    void publishesItsOpenApiDescription() {
        assertThat(http.getForObject("/v3/api-docs", String.class)).contains("\"openapi\"");
    }
}
