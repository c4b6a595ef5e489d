package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A validation request the validator cannot read (here: larger than its message limit) is dead-lettered, and its
 * run fails at once with the reason instead of staying {@code validating} for ever (issue 22, finding 2).
 */
class DeadLetteredRunTest {

    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(0, Map.of("composer.outbox.poll-interval", "50ms"),
                Map.of("composer.validator.max-message-bytes", 4096));
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
        String padded = document.substring(0, document.lastIndexOf('}')) + ",\"description\":\"" + "d".repeat(6000)
                + "\"}";
        String runId = user.submit(user.createExperiment(padded));
        long start = System.nanoTime();
        JsonNode run = user.awaitRun(runId, Duration.ofSeconds(30), r -> r.get("status").asString().equals("failed"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.get("failure_code").asString()).isEqualTo("dead_lettered");
        assertThat(run.get("failure_reason").asString()).contains("could not be validated")
                .contains("exceeds the limit of 4096 bytes");
    }
}
