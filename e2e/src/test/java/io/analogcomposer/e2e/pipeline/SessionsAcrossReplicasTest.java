package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Two API replicas without session affinity: a browser signed in on one is signed in on the other (sessions live in
 * PostgreSQL), a JWT issued by one is accepted by the other (one shared secret), and signing out on either ends the
 * session everywhere.
 */
class SessionsAcrossReplicasTest {

    /** Cookies are per host, not per port: one jar serves both replicas, as one address behind a load balancer. */
    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(int port, String method, String path, Object body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(SpecJson.write(body)));
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionOrJwtFromOneReplicaWorksOnTheOtherAndSignOutEndsItOnBoth() throws Exception {
        try (Cluster cluster = Cluster.start(0, Map.of())) {
            int a = cluster.apiPort();
            int b = cluster.addApi(Map.of());
            String username = "s" + UUID.randomUUID().toString().substring(0, 8);
            cluster.api().getBean(UserAccountRepository.class).save(new UserAccount(username,
                    cluster.api().getBean(PasswordEncoder.class).encode("password-" + username),
                    UserAccount.Role.USER));

            assertThat(send(a, "GET", "/api/v1/auth/me", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> login = send(a, "POST", "/api/v1/auth/login",
                    Map.of("username", username, "password", "password-" + username), null);
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

            List<Integer> alternating = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                alternating.add(send(i % 2 == 0 ? a : b, "GET", "/api/v1/auth/me", null, null).statusCode());
            }
            assertThat(alternating).as("signed in on A, then A, B, A, B, ...").containsOnly(200);
            HttpResponse<String> created = send(b, "POST", "/api/v1/account/tokens", Map.of("name", "from b"), null);
            assertThat(created.statusCode()).as("a change on B with A's session and CSRF token: %s", created.body())
                    .isEqualTo(201);
            String apiToken = SpecJson.mapper().readTree(created.body()).get("token").asString();

            HttpResponse<String> exchanged = send(a, "POST", "/api/v1/auth/token", Map.of("api_token", apiToken),
                    null);
            String jwt = SpecJson.mapper().readTree(exchanged.body()).get("jwt").asString();
            assertThat(send(b, "GET", "/api/v1/experiments", null, "Bearer " + jwt).statusCode())
                    .as("a JWT issued by A, used on B").isEqualTo(200);

            String session = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("COMPOSER_SESSION")).map(HttpCookie::getValue).findFirst()
                    .orElseThrow();
            assertThat(send(b, "POST", "/api/v1/auth/logout", null, null).statusCode()).isEqualTo(204);
            // the old cookie sent again, as a copy kept by an attacker would be: the session is gone on A too
            try (HttpClient plain = HttpClient.newHttpClient()) {
                assertThat(plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a + "/api/v1/auth/me"))
                        .header("Cookie", "COMPOSER_SESSION=" + session).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("signed out on B, so on A too")
                        .isEqualTo(401);
            }
        }
    }
}
