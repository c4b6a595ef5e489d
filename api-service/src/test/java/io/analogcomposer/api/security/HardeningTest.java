package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.experiment.ExperimentRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * What an attacker or an unlucky client tries (issue 22): chunked bodies past the limits, text the database
 * cannot hold, lockout used against someone, revoked and outdated credentials, forged client addresses, guessed
 * HTTP Basic passwords. Each answer must be a specific 4xx, never a 500, and nothing may be stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.security.sign-ins-per-minute=8", "composer.security.max-failed-sign-ins=3",
        "composer.security.lockout-base=1h",
        "composer.security.signup-enabled=true", "composer.security.max-queued-runs=3",
        "composer.security.max-running-runs=1"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class HardeningTest {

    @LocalServerPort
    int port;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    ExperimentRepository experiments;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    RateLimits limits;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Every test starts with full buckets: they count per client address, and all tests come from loopback. */
    @org.junit.jupiter.api.BeforeEach
    void fullBuckets() {
        limits.forgetAll();
    }

    private UserAccount user(String password) {
        return accounts.save(new UserAccount("h" + UUID.randomUUID().toString().substring(0, 8),
                encoder.encode(password), UserAccount.Role.USER));
    }

    private static String basic(UserAccount account, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((account.username() + ":" + password).getBytes());
    }

    private HttpResponse<String> send(String method, String path, String json, String authorization,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(UserAccount account, String password) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/account/tokens", "{\"name\":\"script\"}",
                basic(account, password));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return SpecJson.mapper().readTree(created.body()).get("token").asString();
    }

    @Test
    void aChunkedBodyPastTheLimitIsRefusedWith413AndNothingIsStored() throws Exception {
        String password = "long enough password";
        UserAccount account = user(password);
        long before = experiments.count();
        // 20 MB of a JSON document sent chunked (no Content-Length): the announced-size check cannot see it.
        byte[] head = "{\"name\":\"big\",\"document\":{\"kind\":\"training\",\"pad\":\"".getBytes();
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                long i = sent++;
                return i < head.length ? head[(int) i] : i < 20_000_000 ? 'x' : -1;
            }
        };
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/experiments"))
                    .header("Content-Type", "application/json").header("Authorization", basic(account, password))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedWhileSending) {
            // The server may answer and close before the client has finished sending; then nothing was stored
            // either, which is what matters.
            response = null;
        }
        if (response != null) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.body()).contains("4194304");
        }
        assertThat(experiments.count()).isEqualTo(before);
    }

    @Test
    void aDocumentOverOneMebibyteIsRefusedOnCreate() throws Exception {
        String password = "long enough password";
        UserAccount account = user(password);
        long before = experiments.count();
        HttpResponse<String> response = send("POST", "/api/v1/experiments",
                "{\"name\":\"big\",\"document\":{\"kind\":\"training\",\"pad\":\"" + "y".repeat(1_100_000)
                        + "\"}}",
                basic(account, password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("\"pointer\":\"/document\"").contains("1048576");
        assertThat(experiments.count()).isEqualTo(before);
    }

    @Test
    void nulCharactersAndLoneSurrogatesAreRefusedWith400NamingTheField() throws Exception {
        String password = "long enough password";
        UserAccount account = user(password);
        String auth = basic(account, password);
        Map<String, String> bodies = Map.of(
                "/name", "{\"name\":\"a\\u0000b\",\"template\":\"3fc-training\"}",
                "/tags/0", "{\"template\":\"3fc-training\",\"tags\":[\"x\\ud800y\"]}",
                "/document/name", "{\"document\":{\"kind\":\"training\",\"name\":\"n\\u0000\"}}",
                "/document/notes\\u0000", "{\"document\":{\"kind\":\"training\",\"notes\\u0000\":1}}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> response = send("POST", "/api/v1/experiments", body.getValue(), auth);
            assertThat(response.statusCode()).as(body.getValue() + " → " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains("U+0000");
            if (!body.getKey().contains("\\u0000")) {
                assertThat(response.body()).contains("\"pointer\":\"" + body.getKey() + "\"");
            }
        }
        HttpResponse<String> tokenName = send("POST", "/api/v1/account/tokens", "{\"name\":\"t\\u0000\"}", auth);
        assertThat(tokenName.statusCode()).as(tokenName.body()).isEqualTo(400);
        HttpResponse<String> filter = send("GET", "/api/v1/experiments?name=a%00b", null, auth);
        assertThat(filter.statusCode()).as(filter.body()).isEqualTo(400);
        assertThat(filter.body()).contains("'name'");
    }

    @Test
    void parseErrorsSayWhereWithoutJavaInternals() throws Exception {
        String password = "long enough password";
        UserAccount account = user(password);
        HttpResponse<String> overflow = send("POST", "/api/v1/account/tokens",
                "{\"name\":\"n\",\"expires_in_days\":99999999999999999999}", basic(account, password));
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(overflow.body()).contains("/expires_in_days").doesNotContain("java.").doesNotContain("Integer")
                .doesNotContain("overflow");
        HttpResponse<String> malformed = send("POST", "/api/v1/account/tokens", "{\"name\":", basic(account,
                password));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("line 1").doesNotContain("tools.jackson");
    }

    @Test
    void aLockedAccountsTokensKeepWorkingAndMessagesDoNotTellAccountsApart() throws Exception {
        String password = "right password here";
        UserAccount account = user(password);
        String token = token(account, password);
        for (int i = 0; i < 3; i++) {
            send("GET", "/api/v1/auth/me", null, basic(account, "wrong " + i));
        }
        assertThat(accounts.findById(account.id()).orElseThrow().lockedAt(java.time.Instant.now())).isTrue();
        assertThat(send("GET", "/api/v1/auth/me", null, "Bearer " + token).statusCode())
                .as("the API token of a password-locked account").isEqualTo(200);
        HttpResponse<String> lockedBasic = send("GET", "/api/v1/auth/me", null, basic(account, password));
        HttpResponse<String> noSuchUser = send("GET", "/api/v1/auth/me", null,
                "Basic " + Base64.getEncoder().encodeToString("nobody-here:whatever123".getBytes()));
        assertThat(lockedBasic.statusCode()).isEqualTo(401);
        assertThat(lockedBasic.body()).isEqualTo(noSuchUser.body());
    }

    @Test
    void aRevokedTokensJwtAndAnOldPasswordsSessionsStopAtOnce() throws Exception {
        String password = "first password ok";
        UserAccount account = user(password);
        String token = token(account, password);
        JsonNode exchanged = SpecJson.mapper().readTree(
                send("POST", "/api/v1/auth/token", "{\"api_token\":\"" + token + "\"}", null).body());
        String jwt = "Bearer " + exchanged.get("jwt").asString();
        assertThat(send("GET", "/api/v1/auth/me", null, jwt).statusCode()).isEqualTo(200);
        JsonNode list = SpecJson.mapper().readTree(send("GET", "/api/v1/account/tokens", null,
                basic(account, password)).body());
        String tokenId = list.get(0).get("id").asString();
        assertThat(send("DELETE", "/api/v1/account/tokens/" + tokenId, null, basic(account, password)).statusCode())
                .isEqualTo(204);
        assertThat(send("GET", "/api/v1/auth/me", null, jwt).statusCode()).as("JWT of a revoked token")
                .isEqualTo(401);

        // A second token's JWT and a browser session, then a password change elsewhere: both end.
        String second = token(account, password);
        String jwt2 = "Bearer " + SpecJson.mapper().readTree(send("POST", "/api/v1/auth/token",
                "{\"api_token\":\"" + second + "\"}", null).body()).get("jwt").asString();
        Browser other = new Browser();
        other.signIn(account.username(), password);
        assertThat(other.send("GET", "/api/v1/auth/me", null).statusCode()).isEqualTo(200);
        Thread.sleep(1100); // JWT times have whole seconds
        Browser changer = new Browser();
        changer.signIn(account.username(), password);
        HttpResponse<String> change = changer.send("POST", "/api/v1/account/password",
                "{\"current_password\":\"" + password + "\",\"new_password\":\"second password ok\"}");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(204);
        assertThat(changer.send("GET", "/api/v1/auth/me", null).statusCode()).as("the session that changed it")
                .isEqualTo(200);
        assertThat(other.send("GET", "/api/v1/auth/me", null).statusCode()).as("another session").isEqualTo(401);
        assertThat(send("GET", "/api/v1/auth/me", null, jwt2).statusCode()).as("an older JWT").isEqualTo(401);
        assertThat(send("GET", "/api/v1/auth/me", null, "Bearer " + second).statusCode())
                .as("the API token itself is a separate credential and still works").isEqualTo(200);
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedSignIns() throws Exception {
        String password = "the right password";
        UserAccount account = user(password);
        String token = token(account, password);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = send("POST", "/api/v1/account/password",
                    "{\"current_password\":\"guess " + i + "\",\"new_password\":\"new password 123\"}",
                    "Bearer " + token);
            assertThat(wrong.statusCode()).isIn(400, 429);
        }
        assertThat(accounts.findById(account.id()).orElseThrow().failedSignIns()).isEqualTo(3);
        HttpResponse<String> right = send("POST", "/api/v1/account/password",
                "{\"current_password\":\"" + password + "\",\"new_password\":\"new password 123\"}", "Bearer " + token);
        assertThat(right.statusCode()).as("locked: even the right current password is refused").isEqualTo(400);
    }

    @Test
    void forgedForwardedForDoesNotEscapeTheSignInLimit() throws Exception {
        int refused = 0;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = send("POST", "/api/v1/auth/token", "{\"api_token\":\"aimc_x\"}", null,
                    "X-Forwarded-For", "10.9.8." + i, "X-Forwarded-Host", "evil.example");
            if (response.statusCode() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("8 per minute from one real address, whatever it claims").isGreaterThanOrEqualTo(4);
    }

    @Test
    void guessedBasicPasswordsAreRateLimitedButGoodCredentialsAreNot() throws Exception {
        String password = "a good password";
        UserAccount account = user(password);
        UserAccount victim = user("victim password");
        String token = token(account, password);
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            if (send("GET", "/api/v1/auth/me", null, basic(victim, "guess" + i)).statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("after 8 failures a minute the address is told to wait").isGreaterThanOrEqualTo(4);
        HttpResponse<String> waiting = send("GET", "/api/v1/auth/me", null, basic(account, password));
        assertThat(waiting.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(send("GET", "/api/v1/auth/me", null, "Bearer " + token).statusCode())
                .as("API tokens are not throttled by others' password guesses").isEqualTo(200);
        fullBuckets();
        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/api/v1/auth/me", null, "Bearer " + token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void userNamesDifferingOnlyInCaseAndLongPasswords() throws Exception {
        String name = "Case" + UUID.randomUUID().toString().substring(0, 6);
        String longPassword = "p".repeat(150) + "ü".repeat(20);
        Browser browser = new Browser();
        browser.send("GET", "/api/v1/auth/me", null);
        HttpResponse<String> first = browser.send("POST", "/api/v1/auth/signup",
                SpecJson.write(Map.of("username", name, "password", longPassword)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> lower = browser.send("POST", "/api/v1/auth/signup",
                SpecJson.write(Map.of("username", name.toLowerCase(), "password", "another password")));
        assertThat(lower.statusCode()).as(lower.body()).isEqualTo(409);
        UserAccount created = accounts.findByUsername(name).orElseThrow();
        assertThat(send("GET", "/api/v1/auth/me", null, basic(created, longPassword)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/auth/me", null, basic(created, "p".repeat(150) + "ü".repeat(19) + "x"))
                .statusCode()).as("bytes past 72 count").isEqualTo(401);
    }

    @Test
    void parallelSubmissionsDoNotPassTheQueueQuotaAndTheRefusalSaysWhenToRetry() throws Exception {
        String password = "long enough password";
        UserAccount account = user(password);
        String auth = basic(account, password);
        HttpResponse<String> created = send("POST", "/api/v1/experiments", "{\"template\":\"3fc-training\"}", auth);
        String experiment = SpecJson.mapper().readTree(created.body()).get("id").asString();
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> submissions = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            submissions.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/experiments/" + experiment + "/runs")).header("Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        java.util.List<HttpResponse<String>> answers = submissions.stream()
                .map(java.util.concurrent.CompletableFuture::join)
                .toList();
        assertThat(answers.stream().filter(r -> r.statusCode() == 202).count())
                .as("runs accepted with a quota of 3 queued")
                .isEqualTo(3);
        HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("Run quota reached");
    }

    @Test
    void fourHundredEventStreamsOnOneRunLeaveEveryoneElseServed() throws Exception {
        String password = "long enough password";
        UserAccount follower = user(password);
        String bearer = "Bearer " + token(follower, password);
        HttpResponse<String> created = send("POST", "/api/v1/experiments", "{\"template\":\"lenet5-training\"}",
                bearer);
        String experiment = SpecJson.mapper().readTree(created.body()).get("id").asString();
        HttpResponse<String> submitted = send("POST", "/api/v1/experiments/" + experiment + "/runs", null, bearer);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String run = SpecJson.mapper().readTree(submitted.body()).get("id").asString();

        // no validator runs here: the run stays queued and every stream stays open
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<InputStream>>> streams = new java.util.ArrayList<>();
        HttpClient streaming = HttpClient.newHttpClient();
        for (int i = 0; i < 400; i++) {
            streams.add(streaming.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/runs/" + run + "/events")).header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        try {
            for (var stream : streams) {
                assertThat(stream.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            String other = "long enough password";
            UserAccount bystander = user(other);
            String otherBearer = "Bearer " + token(bystander, other);
            long[] millis = new long[20];
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                assertThat(send("GET", "/api/v1/experiments", null, otherBearer).statusCode()).isEqualTo(200);
                assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            java.util.Arrays.sort(millis);
            System.out.printf("with 400 open event streams: another user's list + health p50 %d ms, max %d ms%n",
                    millis[millis.length / 2], millis[millis.length - 1]);
            // the streams hold no database connection while they wait: the pool (5 here) would be long gone
            assertThat(millis[millis.length - 1]).as("slowest answer in ms").isLessThan(2_000);
        } finally {
            for (var stream : streams) {
                stream.thenAccept(r -> {
                    try {
                        r.body().close();
                    } catch (java.io.IOException ignored) {
                        // closing our end of a stream the server still holds
                    }
                });
            }
        }
    }

    @Test
    void theErrorPageItselfIsAProblemNotA500() throws Exception {
        HttpResponse<String> response = send("GET", "/error", null, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(response.body()).doesNotContain("999");
        HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).as("no server paths in public metrics").doesNotContain("path=\"/");
    }

    /** A browser-like client: cookies, and the CSRF header on changes. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json").method(method, json == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().ifPresent(t -> request.header("X-XSRF-TOKEN", t));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        void signIn(String username, String password) throws Exception {
            send("GET", "/api/v1/auth/me", null);
            HttpResponse<String> login = send("POST", "/api/v1/auth/login",
                    SpecJson.write(Map.of("username", username, "password", password)));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }
    }
}
