package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 500 small runs submitted concurrently through the API, run by 2 workers: every run reaches exactly one
 * terminal state, none is lost or run twice. Prints throughput and the API's submission latency.
 */
class LoadTest {

    private static final int RUNS = 500;
    private static final int USERS = 5;

    @Test
    void fiveHundredConcurrentRunsEachEndExactlyOnce() throws Exception {
        try (Cluster cluster = Cluster.start(2, Map.of("composer.security.max-queued-runs", 1000,
                "composer.security.submissions-per-minute", 10_000, "composer.outbox.poll-interval", "50ms"))) {
            List<ApiClient> users = new ArrayList<>();
            List<String> experiments = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                ApiClient user = ApiClient.newUser(cluster);
                users.add(user);
                experiments.add(user.createExperiment(Documents.training(1, 64, 8)));
            }
            List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            List<Future<String>> submissions = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < RUNS; i++) {
                    int u = i % USERS;
                    submissions.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        String id = users.get(u).submit(experiments.get(u));
                        latenciesNanos.add(System.nanoTime() - t0);
                        return id;
                    }));
                }
            }
            List<String> runIds = new ArrayList<>();
            for (Future<String> f : submissions) {
                runIds.add(f.get());
            }
            double submitSeconds = (System.nanoTime() - started) / 1e9;

            JdbcClient jdbc = cluster.api().getBean(JdbcClient.class);
            ApiClient.await(Duration.ofMinutes(8), () -> jdbc.sql(
                    "SELECT count(*) FROM run WHERE status IN ('completed', 'failed', 'cancelled')")
                    .query(Long.class).single(), n -> n == RUNS);
            double totalSeconds = (System.nanoTime() - started) / 1e9;

            assertThat(runIds).doesNotHaveDuplicates().hasSize(RUNS);
            Map<String, Long> byStatus = new java.util.TreeMap<>();
            jdbc.sql("SELECT status, count(*) FROM run GROUP BY status")
                    .query((rs, i) -> byStatus.put(rs.getString(1), rs.getLong(2))).list();
            assertThat(byStatus).as("every run completed").containsExactly(Map.entry("completed", (long) RUNS));
            // Exactly one terminal transition per run: the counter is incremented once per transition.
            MeterRegistry meters = cluster.api().getBean(MeterRegistry.class);
            assertThat(meters.find("composer.runs.finished").counters().stream().mapToDouble(c -> c.count()).sum())
                    .isEqualTo(RUNS);
            // Each run was started by one attempt only (no run was executed twice).
            assertThat(jdbc.sql("SELECT max(attempt) FROM run").query(Integer.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM run_metric").query(Long.class).single()).isEqualTo(RUNS);

            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            System.out.printf("LOAD: %d runs, %d workers: submitted in %.1f s, all finished in %.1f s "
                    + "(%.1f runs/s); submit latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", RUNS, 2, submitSeconds,
                    totalSeconds, RUNS / totalSeconds, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) (sorted.size() * 0.99)) / 1e6, sorted.getLast() / 1e6);
        }
    }
}
