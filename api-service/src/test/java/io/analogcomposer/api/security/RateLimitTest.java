package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** Password guessing is throttled per client address, with a Retry-After; oversized bodies are refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.security.sign-ins-per-minute=5", "composer.security.max-request-body=64KB"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class RateLimitTest {

    @LocalServerPort
    int port;

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSixthSignInAttemptWithinAMinuteIsRefusedWithRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/auth/token", "{\"api_token\":\"aimc_x\"}").statusCode()).isEqualTo(400);
        }
        HttpResponse<String> limited = post("/api/v1/auth/token", "{\"api_token\":\"aimc_x\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(limited.body()).contains("Too many sign-in attempts");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        HttpResponse<String> response = post("/api/v1/validate", "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("at most 65536");
    }
}
