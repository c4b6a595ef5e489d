package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rate limit means the same with two API replicas as with one (issue 23): the sign-in budget of an address is
 * one budget, whichever replica the attempts reach.
 */
class RateLimitsAcrossReplicasTest {

    static Cluster cluster;
    static int second;

    @BeforeAll
    static void start() {
        Map<String, Object> settings = Map.of("composer.security.sign-ins-per-minute", 6);
        cluster = Cluster.start(0, settings);
        second = cluster.addApi(settings);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void signInAttemptsAreCountedOnceAcrossBothReplicas() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int port = i % 2 == 0 ? cluster.apiPort() : second;
            statuses.add(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"api_token\":\"aimc_wrong\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        // 6 per minute in all, refilled one every 10 s: at most one more attempt if the loop was slow. Per-replica
        // budgets would have let all ten through (five on each).
        assertThat(statuses.stream().filter(s -> s == 400).count()).as(statuses.toString()).isBetween(6L, 7L);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isGreaterThanOrEqualTo(3);
        assertThat(statuses.subList(0, 6)).as("the first six, alternating replicas").containsOnly(400);
    }
}
