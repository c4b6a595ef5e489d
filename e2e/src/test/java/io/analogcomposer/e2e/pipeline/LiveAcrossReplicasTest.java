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
}
