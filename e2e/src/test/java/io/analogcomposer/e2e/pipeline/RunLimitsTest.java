package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Limits that keep one run from holding the service (issue 22): a validation request the validator cannot read
 * (here: larger than its message limit) fails its run at once with the reason instead of leaving it
 * {@code validating}; a run past its backend's maximum duration ends {@code timed_out} and its worker stops;
 * an administrator can cancel anyone's run.
 */
class RunLimitsTest {

    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(1, Map.of("composer.outbox.poll-interval", "50ms", "composer.runs.max-duration.cpu",
                "4s", "composer.runs.watchdog-interval", "500ms"),
                Map.of("composer.validator.max-message-bytes", 8192));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDeadLetteredRunFailsWithTheReasonWithinSeconds() {
        ApiClient user = ApiClient.newUser(cluster);
        String document = Documents.training(1, 100, 32);
        String padded = document.substring(0, document.lastIndexOf('}')) + ",\"description\":\"" + "d".repeat(12_000)
                + "\"}";
        String runId = user.submit(user.createExperiment(padded));
        long start = System.nanoTime();
        JsonNode run = user.awaitRun(runId, Duration.ofSeconds(30), r -> r.get("status").asString().equals("failed"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.get("failure_code").asString()).isEqualTo("dead_lettered");
        assertThat(run.get("failure_reason").asString()).contains("could not be validated")
                .contains("exceeds the limit of 8192 bytes");
    }

    @Test
    void aRunPastItsBackendsMaximumDurationEndsTimedOut() {
        ApiClient user = ApiClient.newUser(cluster);
        String runId = user.submit(user.createExperiment(Documents.training(200, 3000, 256)));
        user.awaitRun(runId, Duration.ofSeconds(60), r -> r.get("status").asString().equals("running"));
        JsonNode run = user.awaitRun(runId, Duration.ofSeconds(30), r -> r.get("status").asString().equals("failed"));
        assertThat(run.get("failure_code").asString()).isEqualTo("timed_out");
        assertThat(run.get("failure_reason").asString()).contains("maximum duration of 4 s on the cpu backend");
    }

    @Test
    void anAdministratorCancelsAnotherUsersRun() {
        ApiClient user = ApiClient.newUser(cluster);
        ApiClient admin = ApiClient.newAccount(cluster, io.analogcomposer.api.account.UserAccount.Role.ADMIN);
        String runId = user.submit(user.createExperiment(Documents.training(200, 3000, 256)));
        ApiClient stranger = ApiClient.newUser(cluster);
        assertThat(stranger.send("POST", "/api/v1/runs/" + runId + "/cancel", null).status()).isEqualTo(404);
        admin.expect(202, "POST", "/api/v1/runs/" + runId + "/cancel", null);
        JsonNode run = user.awaitRun(runId, Duration.ofSeconds(30),
                r -> r.get("status").asString().equals("cancelled") || r.get("status").asString().equals("failed"));
        assertThat(run.get("status").asString()).isEqualTo("cancelled");
    }
}
