package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With several API replicas, run events are applied by whichever replica consumes them, yet a browser following
 * the run on another replica sees every change live.
 */
class LiveAcrossReplicasTest {

    @Test
    void aFollowerOnAnotherReplicaSeesTheWholeRun() throws Exception {
        try (Cluster cluster = Cluster.start(1, Map.of("composer.outbox.poll-interval", "50ms"))) {
            // The second replica applies no run events itself, so all it shows must come over the live fanout.
            int second = cluster.addApi(Map.of("composer.events.consume", false));
            ApiClient onFirst = ApiClient.newUser(cluster);
            ApiClient onSecond = onFirst.on(second);
            String runId = onFirst.submit(onFirst.createExperiment(Documents.training(3, 300, 32)));
            var stream = onSecond.follow(runId);
            List<String> events = stream.get(120, TimeUnit.SECONDS);
            String all = String.join("\n", events);
            assertThat(all).containsSubsequence("\"status\":\"running\"", "\"step\":0", "\"step\":1", "\"step\":2",
                    "\"status\":\"completed\"");
        }
    }

    /**
     * Thirty runs submitted alternately on two replicas and run by two workers: each ends completed exactly once
     * (one attempt, each epoch reported once) and both replicas tell the same story about every run.
     */
    @Test
    void runsSubmittedAlternatelyOnTwoReplicasEachRunExactlyOnce() {
        Map<String, Object> api = Map.of("composer.outbox.poll-interval", "50ms",
                "composer.security.max-queued-runs", 100);
        try (Cluster cluster = Cluster.start(2, api)) {
            int second = cluster.addApi(api);
            ApiClient a = ApiClient.newUser(cluster);
            ApiClient b = a.on(second);
            String experimentA = a.createExperiment(Documents.training(2, 200, 16));
            String experimentB = b.createExperiment(Documents.training(2, 200, 16));
            java.util.List<String> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                runs.add(i % 2 == 0 ? a.submit(experimentA) : b.submit(experimentB));
            }
            long t0 = System.nanoTime();
            for (String run : runs) {
                var ended = a.awaitRun(run, java.time.Duration.ofSeconds(240),
                        r -> java.util.Set.of("completed", "failed", "cancelled").contains(r.get("status").asString()));
                assertThat(ended.get("status").asString()).as("run %s", ended).isEqualTo("completed");
                assertThat(ended.get("attempt").asInt()).as("run once: %s", ended).isEqualTo(1);
                var onB = b.get("/api/v1/runs/" + run);
                assertThat(onB.get("status").asString()).isEqualTo("completed");
                assertThat(onB.get("finished_at").asString()).isEqualTo(ended.get("finished_at").asString());
                assertThat(b.get("/api/v1/runs/" + run + "/metrics").get("steps")).hasSize(2);
            }
            System.out.printf("30 runs alternated over two replicas, two workers: all completed once in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
