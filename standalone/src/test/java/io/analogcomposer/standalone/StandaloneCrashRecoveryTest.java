package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.json.SpecJson;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone composer killed with SIGKILL (a separate JVM started by the test, as {@code run-standalone} starts
 * it) while one run is training and the others wait in the queue, then started once more on the same data
 * directory: the restart works although the old JVM's PostgreSQL is still running, every run completes (the queued
 * ones and the interrupted one, whose job the persistent broker delivers again), and the browser session and the JWT
 * from before the crash are still valid. The restarted composer's database and chip refuse callers without its
 * password or token.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedComposer.Stopped.class)
class StandaloneCrashRecoveryTest {

    private static final int RUNS = 10;
    private static final Pattern RUNNING_AT = Pattern.compile("Analog Composer is running at http://localhost:(\\d+)/");
    private static final Pattern DEMO_PASSWORD = Pattern.compile("password: (\\S+)");
    /** Long enough (a few seconds per run on a busy CI machine) that the JVM dies with runs still queued. */
    private static final String DOCUMENT = """
            {"schema_version": 1, "kind": "training", "name": "crash survivor", "seed": 5,
             "dataset": {"name": "synthetic", "validation_fraction": 0.2, "synthetic_samples": 2000},
             "network": {"input_shape": [1, 28, 28], "layers": [
                {"type": "flatten"}, {"type": "linear", "out_features": 32}, {"type": "relu"},
                {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
             "training": {"epochs": 3, "batch_size": 16, "loss": "nll", "optimizer": {"type": "sgd", "lr": 0.05}}}
            """;

    @TempDir
    Path work;

    private Process first;

    @AfterEach
    void noComposerLeftBehind() {
        if (first != null) {
            first.destroyForcibly();
        }
    }

    /** A browser-like client: keeps cookies, echoes the CSRF cookie on changes. */
    private static final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        int port;

        HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(String method, String path, String body, String authorization, int expected) throws Exception {
            HttpResponse<String> response = send(method, path, body, authorization);
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
            return SpecJson.mapper().readTree(response.body());
        }
    }

    @Test
    void afterKillMinus9OneRestartRunsEveryQueuedRunAndKeepsSessions() throws Exception {
        Path dataDir = work.resolve("data");
        Path log = work.resolve("first-jvm.log");
        first = startComposerJvm(dataDir, log);
        String firstLog = awaitLog(log, RUNNING_AT, Duration.ofMinutes(5));
        Browser browser = new Browser();
        browser.port = Integer.parseInt(match(RUNNING_AT, firstLog));
        String demoPassword = match(DEMO_PASSWORD, firstLog);

        // sign in as a browser does (session cookie + CSRF), and as a script does (API token → JWT)
        assertThat(browser.send("GET", "/api/v1/auth/me", null, null).statusCode()).isEqualTo(401);
        browser.json("POST", "/api/v1/auth/login",
                SpecJson.write(Map.of("username", "demo", "password", demoPassword)), null, 200);
        String apiToken = browser.json("POST", "/api/v1/account/tokens", "{\"name\": \"crash test\"}", null, 201)
                .get("token").asString();
        String jwt = browser.json("POST", "/api/v1/auth/token", SpecJson.write(Map.of("api_token", apiToken)), null,
                200).get("jwt").asString();
        String bearer = "Bearer " + apiToken;

        String experiment = browser.json("POST", "/api/v1/experiments", "{\"document\":" + DOCUMENT + "}", bearer,
                201).get("id").asString();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(browser.json("POST", "/api/v1/experiments/" + experiment + "/runs", "{}", bearer, 202).get("id")
                    .asString());
        }
        // kill the JVM as soon as a run trains, while the others wait
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, String> before = statuses(browser, bearer, runs);
        while (!before.containsValue("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            before = statuses(browser, bearer, runs);
        }
        first.destroyForcibly().waitFor();
        assertThat(before).as("statuses when the JVM was killed").containsValue("running");
        long finishedBeforeKill = before.values().stream().filter(s -> s.equals("completed")).count();
        assertThat(finishedBeforeKill).as("runs finished before the kill: %s", before).isLessThan(RUNS - 1);

        // one restart, in this JVM, on the same data directory and while the old PostgreSQL still runs
        try (StandaloneComposer restarted = StandaloneComposer.start(new StandaloneOptions(dataDir, 0))) {
            browser.port = restarted.apiPort();
            assertThat(browser.json("GET", "/api/v1/auth/me", null, null, 200).get("username").asString())
                    .as("the browser session from before the crash").isEqualTo("demo");
            assertThat(browser.send("GET", "/api/v1/experiments/" + experiment, null, "Bearer " + jwt).statusCode())
                    .as("the JWT issued before the crash").isEqualTo(200);
            // what another user of the machine gets: no database without the kept password, no chip without its token
            assertThatThrownBy(() -> DriverManager.getConnection(restarted.database().jdbcUrl(), "postgres", "")
                    .close()).isInstanceOf(SQLException.class);
            assertThat(browser.client.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + restarted.chipPort() + "/v1/identity")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the chip without its token").isEqualTo(401);

            Map<String, String> after = statuses(browser, bearer, runs);
            deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (after.values().stream().anyMatch(s -> !terminal(s)) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                after = statuses(browser, bearer, runs);
            }
            long lost = after.values().stream().filter(s -> !s.equals("completed")).count();
            System.out.printf("kill -9 with %s; after one restart: %s; runs lost: %d%n", before, after, lost);
            assertThat(after).as("every run after the restart (before the kill: %s)", before)
                    .allSatisfy((run, status) -> assertThat(status).isEqualTo("completed"));
            for (String run : runs) {
                assertThat(browser.json("GET", "/api/v1/runs/" + run + "/metrics", null, bearer, 200).get("steps"))
                        .as("epochs of run %s", run).hasSize(3);
            }
        }
    }

    private static Map<String, String> statuses(Browser browser, String bearer, List<String> runs) throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String run : runs) {
            statuses.put(run, browser.json("GET", "/api/v1/runs/" + run, null, bearer, 200).get("status").asString());
        }
        return statuses;
    }

    private static boolean terminal(String status) {
        return List.of("completed", "failed", "cancelled", "rejected").contains(status);
    }

    /** {@code run-standalone}'s JVM: the composer's main class on this test's classpath, output to a file. */
    private static Process startComposerJvm(Path dataDir, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", classpath,
                StandaloneComposer.class.getName(), "--data-dir=" + dataDir, "--port=0"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private String awaitLog(Path log, Pattern pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (pattern.matcher(text).find()) {
                return text;
            }
            if (!first.isAlive()) {
                throw new AssertionError("the composer's JVM exited with " + first.exitValue() + ":\n" + tail(text));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the composer did not start within " + timeout + ":\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in the log", pattern).isTrue();
        return matcher.group(1);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 6000));
    }
}
