package io.analogcomposer.api.run;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.testsupport.PostgresServer;
import io.analogcomposer.testsupport.RabbitServer;
import io.analogcomposer.testsupport.TcpProxy;
import io.analogcomposer.testsupport.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The API keeps every submitted run when the broker or the database goes away, and recovers by itself when
 * they come back. The outages are real: the API reaches both servers through TCP proxies the test cuts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=100ms", "spring.datasource.hikari.connection-timeout=2000",
        "spring.rabbitmq.connection-timeout=2s"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = {IsolatedServicesInitializer.class, OutageRecoveryTest.Proxies.class})
class OutageRecoveryTest {

    static TcpProxy brokerProxy;
    static TcpProxy databaseProxy;

    /** Routes the API's broker and database connections through proxies (after the isolation settings). */
    static class Proxies implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            RabbitServer mq = TestServices.rabbit();
            PostgresServer pg = TestServices.postgres();
            try {
                brokerProxy = new TcpProxy(mq.host(), mq.port());
                databaseProxy = new TcpProxy(pg.host(), pg.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            String proxiedUrl = url.replaceFirst("//[^/]+/", "//127.0.0.1:" + databaseProxy.port() + "/");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("proxies",
                    Map.of("spring.rabbitmq.host", "127.0.0.1", "spring.rabbitmq.port", brokerProxy.port(),
                            "spring.datasource.url", proxiedUrl)));
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    Topology topology;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void reconnect() throws IOException {
        brokerProxy.restore();
        databaseProxy.restore();
    }

    /** A template straight to the real broker, not through the proxy. */
    private static RabbitTemplate direct() {
        RabbitServer mq = TestServices.rabbit();
        CachingConnectionFactory factory = new CachingConnectionFactory(mq.host(), mq.port());
        factory.setUsername(mq.user());
        factory.setPassword(mq.password());
        return new RabbitTemplate(factory);
    }

    @Test
    void runsSubmittedWhileTheBrokerIsDownWaitInTheOutboxAndGoOutWhenItReturns() throws Exception {
        Client alice = ApiTestSupport.signUp(http, accounts, encoder);
        String experiment = alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"),
                201).get("id").asString();
        brokerProxy.cut();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(alice.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(), 202)
                    .get("id").asString());
        }
        Thread.sleep(1500); // several relay passes fail meanwhile
        for (String run : runs) {
            assertThat(alice.get("/api/v1/runs/" + run).get("status").asString()).isEqualTo("waiting");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message WHERE published_at IS NULL").query(Long.class)
                .single()).isGreaterThanOrEqualTo(3L);

        brokerProxy.restore();
        for (String run : runs) {
            await(Duration.ofSeconds(30), () -> alice.get("/api/v1/runs/" + run).get("status").asString(),
                    "validating"::equals);
        }
        RabbitTemplate rabbit = direct();
        Set<String> queued = new HashSet<>();
        await(Duration.ofSeconds(10), () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            if (m != null) {
                queued.add(SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class)
                        .runId());
            }
            return queued;
        }, q -> q.containsAll(runs));
    }

    @Test
    void aDatabaseRestartLosesNoEventAndTheApiAnswersAgainWithoutHelp() throws Exception {
        Client alice = ApiTestSupport.signUp(http, accounts, encoder);
        String experiment = alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"),
                201).get("id").asString();
        String run = alice.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(), 202)
                .get("id").asString();
        RabbitTemplate rabbit = direct();
        RunRequested job = await(Duration.ofSeconds(15), () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8),
                            RunRequested.class);
        }, r -> r != null && r.runId().equals(run));

        databaseProxy.cut();
        // While the database is away the API says so (503, not 500) and the validator's event waits in the queue.
        assertThat(alice.call(HttpMethod.GET, "/api/v1/runs/" + run, null).getStatusCode().value()).isEqualTo(503);
        RunValidated validated = RunValidated.of(job, Backend.CPU, List.of());
        rabbit.send(topology.eventsExchange(), validated.routingKey(),
                new Message(SpecJson.write(validated).getBytes(StandardCharsets.UTF_8)));
        Thread.sleep(2000);

        databaseProxy.restore();
        JsonNode after = await(Duration.ofSeconds(30), () -> {
            var response = alice.call(HttpMethod.GET, "/api/v1/runs/" + run, null);
            return response.getStatusCode().value() == 200 ? SpecJson.mapper().readTree(response.getBody()) : null;
        }, r -> r != null && r.get("status").asString().equals("validated"));
        assertThat(after.get("backend").asString()).isEqualTo("cpu");
    }
}
