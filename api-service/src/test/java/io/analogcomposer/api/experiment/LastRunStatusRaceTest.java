package io.analogcomposer.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The home page's "Last run" is the newest run's status even when two runs of the experiment change at the same
 * moment: the transaction that waits for the experiment's row must not write back what it read before waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.outbox.poll-interval=50ms")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class LastRunStatusRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ExperimentRepository experiments;
    @Autowired
    TransactionTemplate tx;

    @Test
    void anOlderRunChangingWhileTheNewestFailsLeavesTheNewestRunsStatus() throws Exception {
        Client me = ApiTestSupport.signUp(http, accounts, encoder);
        String experiment = me.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"), 201)
                .get("id").asString();
        String older = me.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(), 202)
                .get("id").asString();
        String newer = me.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(), 202)
                .get("id").asString();
        // both jobs leave the outbox (no validator listens here, so they stay "validating")
        for (String run : new String[]{older, newer}) {
            ApiTestSupport.await(Duration.ofSeconds(15), () -> me.get("/api/v1/runs/" + run).get("status").asString(),
                    "validating"::equals);
        }
        UUID id = UUID.fromString(experiment);

        // The newest run fails and its transaction holds the experiment's row ...
        CountDownLatch newestRefreshed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // own threads: the common pool may have a single thread on a small machine
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            setStatus(newer, "failed");
            experiments.refreshLastRunStatus(id);
            newestRefreshed.countDown();
            await(release);
        }), threads);
        assertThat(newestRefreshed.await(15, TimeUnit.SECONDS)).isTrue();
        // ... while the older run's transaction changes it and waits for that row.
        CompletableFuture<Void> older_ = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            setStatus(older, "validated");
            experiments.refreshLastRunStatus(id);
        }), threads);
        ApiTestSupport.await(Duration.ofSeconds(15), () -> jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """).query(Long.class).single(), n -> n > 0);
        release.countDown();
        failing.get(15, TimeUnit.SECONDS);
        older_.get(15, TimeUnit.SECONDS);
        threads.shutdown();

        assertThat(me.get("/api/v1/experiments/" + experiment).get("last_run_status").asString()).isEqualTo("failed");
    }

    private void setStatus(String run, String status) {
        jdbc.sql("UPDATE run SET status = :status WHERE id = :id").param("status", status)
                .param("id", UUID.fromString(run)).update();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(15, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
