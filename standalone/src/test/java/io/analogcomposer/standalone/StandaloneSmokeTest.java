package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.UUID;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** Starts the whole composer in one JVM, as the README's run command does, on a random port. */
@org.junit.jupiter.api.extension.ExtendWith(SharedComposer.Stopped.class)
class StandaloneSmokeTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    @Test
    void startsEveryServiceOnEmbeddedInfrastructureAndKeepsDataAcrossRestarts() throws Exception {
        String demoHash;
        try (StandaloneComposer composer = StandaloneComposer.start(new StandaloneOptions(dataDir, 0))) {
            int port = composer.apiPort();
            String health = get(port, "/actuator/health");
            assertThat(health).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"rabbit\"");
            assertThat(get(port, "/")).contains("Analog Composer");

            JdbcTemplate jdbc = composer.apiContext().getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
                    .isPositive();
            demoHash = jdbc.queryForObject("SELECT password_hash FROM user_account WHERE username = 'demo'",
                    String.class);

            // A message round trip through the embedded broker over the composer's own events exchange.
            RabbitTemplate rabbit = composer.apiContext().getBean(RabbitTemplate.class);
            Topology topology = composer.apiContext().getBean(Topology.class);
            RabbitAdmin admin = new RabbitAdmin(rabbit.getConnectionFactory());
            // A plain exclusive queue: the embedded broker rejects the RabbitMQ-only arguments AnonymousQueue adds.
            Queue probe = new Queue("smoke-" + UUID.randomUUID(), false, true, true);
            admin.declareQueue(probe);
            admin.declareBinding(BindingBuilder.bind(probe).to(new TopicExchange(topology.eventsExchange()))
                    .with("smoke.#"));
            rabbit.convertAndSend(topology.eventsExchange(), "smoke.ping", Map.of("ping", 1));
            assertThat(rabbit.receiveAndConvert(probe.getName(), 10_000)).isEqualTo(Map.of("ping", 1));
        }

        // A restart on the same data directory keeps what was stored (and creates no second demo account).
        try (StandaloneComposer composer = StandaloneComposer.start(new StandaloneOptions(dataDir, 0))) {
            JdbcTemplate jdbc = composer.apiContext().getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("SELECT password_hash FROM user_account WHERE username = 'demo'",
                    String.class)).containsExactly(demoHash);
            assertThat(get(composer.apiPort(), "/actuator/health")).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void optionsComeFromArgumentsThenEnvironmentThenDefaults() {
        var defaults = StandaloneOptions.from(new String[0], Map.of());
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".analog-composer"));
        var env = StandaloneOptions.from(new String[0], Map.of("PORT", "9000", "COMPOSER_DATA_DIR", "/tmp/x"));
        assertThat(env.port()).isEqualTo(9000);
        assertThat(env.dataDir()).isEqualTo(Path.of("/tmp/x"));
        var args = StandaloneOptions.from(new String[]{"--port=9100", "--data-dir=/tmp/y"}, Map.of("PORT", "9000"));
        assertThat(args.port()).isEqualTo(9100);
        assertThat(args.dataDir()).isEqualTo(Path.of("/tmp/y"));
    }

    @Test
    void aBadPortIsRejectedWithWhatIsAllowed() {
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> StandaloneOptions.from(new String[]{"--port=http"}, Map.of()))
                .hasMessageContaining("0 to 65535").hasMessageContaining("http");
    }
}
