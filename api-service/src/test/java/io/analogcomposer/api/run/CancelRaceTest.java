package io.analogcomposer.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cancel that races the outbox relay publishing the run's job. The relay holds the message row while it publishes
 * and then locks the run to mark it validating; this test plays the relay's transaction step by step (the real relay
 * is held back: no pass on commit, a long poll interval) while a user cancels. A cancel that locked the run first
 * would deadlock with it and the database would break one of the two (a user saw "database temporarily unavailable").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=1h",
        "composer.outbox.publish-on-commit=false"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class CancelRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aCancelDuringTheJobsPublicationWaitsForItAndNeitherSideFails() throws Exception {
        Client alice = ApiTestSupport.signUp(http, accounts, encoder);
        String experiment = alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"), 201)
                .get("id").asString();
        UUID run = UUID.fromString(alice.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(),
                202).get("id").asString());

        CountDownLatch messageLocked = new CountDownLatch(1);
        CountDownLatch cancelSent = new CountDownLatch(1);
        // own threads: the common pool may have a single thread on a 2-core machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            // the relay's order: the message row first ...
            int rows = jdbc.sql("SELECT id FROM outbox_message WHERE run_id = :run AND published_at IS NULL FOR UPDATE")
                    .param("run", run).query(Long.class).list().size();
            assertThat(rows).isEqualTo(1);
            messageLocked.countDown();
            await(cancelSent);
            awaitCancelBlocked();
            jdbc.sql("UPDATE outbox_message SET published_at = now() WHERE run_id = :run").param("run", run).update();
            // ... then the run row, as RunEventHandler.onOutboxPublished does
            jdbc.sql("SELECT status FROM run WHERE id = :run FOR UPDATE").param("run", run).query(String.class)
                    .single();
            jdbc.sql("UPDATE run SET status = 'validating' WHERE id = :run").param("run", run).update();
        }), threads);
        await(messageLocked);
        CompletableFuture<ResponseEntity<String>> cancel = CompletableFuture
                .supplyAsync(() -> alice.call(HttpMethod.POST, "/api/v1/runs/" + run + "/cancel", null), threads);
        cancelSent.countDown();

        ResponseEntity<String> response;
        try {
            relay.get(30, TimeUnit.SECONDS); // a deadlock victim on this side would throw here
            response = cancel.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        // the job had left: the run ends now (no worker started it) and the cancel is broadcast to whoever holds it
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        assertThat(alice.get("/api/v1/runs/" + run).get("cancel_requested").asBoolean()).isTrue();
        assertThat(alice.get("/api/v1/runs/" + run).get("status").asString()).isEqualTo("cancelled");
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message WHERE run_id = :run AND routing_key = 'cancel'")
                .param("run", run).query(Long.class).single()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the cancel's transaction waits on a lock this one holds (it cannot go further without the relay). */
    private void awaitCancelBlocked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """).query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("the cancel never reached the database").isLessThan(deadline);
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
