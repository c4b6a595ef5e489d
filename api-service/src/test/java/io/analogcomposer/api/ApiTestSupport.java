package io.analogcomposer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Small helpers for API tests: accounts, authenticated JSON calls, waiting for an asynchronous state. */
public final class ApiTestSupport {

    private ApiTestSupport() {
    }

    /** A client signed in as a fresh account. */
    public record Client(TestRestTemplate http, UUID userId, String username) {

        public ResponseEntity<String> call(HttpMethod method, String path, Object body) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            String json = body == null ? null : body instanceof String s ? s : SpecJson.write(body);
            return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
        }

        public JsonNode json(HttpMethod method, String path, Object body, int expectedStatus) {
            ResponseEntity<String> response = call(method, path, body);
            assertThat(response.getStatusCode().value()).as("%s %s → %s", method, path, response.getBody())
                    .isEqualTo(expectedStatus);
            return response.getBody() == null ? null : SpecJson.mapper().readTree(response.getBody());
        }

        public JsonNode get(String path) {
            return json(HttpMethod.GET, path, null, 200);
        }
    }

    public static Client signUp(TestRestTemplate http, UserAccountRepository accounts, PasswordEncoder encoder) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount account = accounts.save(new UserAccount(username, encoder.encode("pw-" + username),
                UserAccount.Role.USER));
        return new Client(http.withBasicAuth(username, "pw-" + username), account.id(), username);
    }

    /** Polls until the value satisfies the condition, failing with the last value seen. */
    public static <T> T await(Duration timeout, Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; last value: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }

    public static Map<String, Object> fromTemplate(String template) {
        return Map.of("template", template);
    }
}
