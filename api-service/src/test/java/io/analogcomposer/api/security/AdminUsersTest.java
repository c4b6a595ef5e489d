package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * What an administrator does to accounts, seen from the accounts: a user created by an admin signs in; a role change
 * opens or closes the administration; a disabled account cannot sign in; quotas bound the runs a user has waiting
 * (429 with the limits named); unlocking ends a lockout; bad values are refused naming the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.security.sign-ins-per-minute=1000")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class AdminUsersTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    private String admin() {
        String name = "admin" + UUID.randomUUID().toString().substring(0, 6);
        accounts.save(new UserAccount(name, encoder.encode("secret-" + name), UserAccount.Role.ADMIN));
        return basic(name, "secret-" + name);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    private ResponseEntity<String> call(String authorization, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        return http.exchange(path, method, new HttpEntity<>(body == null ? null : SpecJson.write(body), headers),
                String.class);
    }

    private static JsonNode json(ResponseEntity<String> response) {
        return SpecJson.mapper().readTree(response.getBody());
    }

    /** An admin creates a user; returns its id. */
    private String created(String admin, String username, String password, String role) {
        ResponseEntity<String> made = call(admin, HttpMethod.POST, "/api/v1/admin/users",
                Map.of("username", username, "password", password, "role", role));
        assertThat(made.getStatusCode().value()).as(made.getBody()).isEqualTo(201);
        assertThat(json(made).get("username").asString()).isEqualTo(username);
        assertThat(json(made).get("role").asString()).isEqualTo(role);
        return json(made).get("id").asString();
    }

    @Test
    void aUserCreatedByAnAdminSignsInAndARoleChangeOpensAndClosesTheAdministration() {
        String admin = admin();
        String name = "made" + UUID.randomUUID().toString().substring(0, 6);
        String id = created(admin, name, "a-long-password-1", "user");
        String user = basic(name, "a-long-password-1");
        assertThat(json(call(user, HttpMethod.GET, "/api/v1/auth/me", null)).get("username").asString())
                .isEqualTo(name);
        assertThat(call(user, HttpMethod.GET, "/api/v1/admin/users", null).getStatusCode().value()).isEqualTo(403);

        assertThat(json(call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("role", "admin")))
                .get("role").asString()).isEqualTo("admin");
        assertThat(call(user, HttpMethod.GET, "/api/v1/admin/users", null).getStatusCode().value()).isEqualTo(200);
        call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("role", "user"));
        assertThat(call(user, HttpMethod.GET, "/api/v1/admin/users", null).getStatusCode().value()).isEqualTo(403);

        // the name is taken now; bad roles and passwords are refused naming the field
        assertThat(call(admin, HttpMethod.POST, "/api/v1/admin/users",
                Map.of("username", name, "password", "a-long-password-2")).getStatusCode().value()).isEqualTo(409);
        ResponseEntity<String> badRole = call(admin, HttpMethod.POST, "/api/v1/admin/users",
                Map.of("username", name + "x", "password", "a-long-password-2", "role", "root"));
        assertThat(badRole.getStatusCode().value()).isEqualTo(400);
        assertThat(badRole.getBody()).contains("/role").contains("user, admin");
        ResponseEntity<String> badPatch = call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id,
                Map.of("role", "root"));
        assertThat(badPatch.getStatusCode().value()).isEqualTo(400);
        assertThat(call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + UUID.randomUUID(), Map.of("role", "user"))
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aDisabledAccountCannotSignInUntilEnabledAgain() {
        String admin = admin();
        String name = "dis" + UUID.randomUUID().toString().substring(0, 6);
        String id = created(admin, name, "a-long-password-1", "user");
        String user = basic(name, "a-long-password-1");
        assertThat(call(user, HttpMethod.GET, "/api/v1/auth/me", null).getStatusCode().value()).isEqualTo(200);
        assertThat(json(call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("enabled", false)))
                .get("enabled").asBoolean()).isFalse();
        assertThat(call(user, HttpMethod.GET, "/api/v1/auth/me", null).getStatusCode().value()).isEqualTo(401);
        call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("enabled", true));
        assertThat(call(user, HttpMethod.GET, "/api/v1/auth/me", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void unlockingEndsALockout() {
        String admin = admin();
        String name = "lock" + UUID.randomUUID().toString().substring(0, 6);
        String id = created(admin, name, "a-long-password-1", "user");
        UserAccount account = accounts.findById(UUID.fromString(id)).orElseThrow();
        for (int i = 0; i < 5; i++) { // composer.security.max-failed-sign-ins
            account.signInFailed(5, Duration.ofHours(1), Duration.ofHours(1), Instant.now());
        }
        accounts.save(account);
        String user = basic(name, "a-long-password-1");
        assertThat(call(user, HttpMethod.GET, "/api/v1/auth/me", null).getStatusCode().value())
                .as("locked: even the right password is refused").isEqualTo(401);
        JsonNode unlocked = json(call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("unlock", true)));
        assertThat(unlocked.get("locked_until").isNull()).isTrue();
        assertThat(call(user, HttpMethod.GET, "/api/v1/auth/me", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aQueuedRunsQuotaRefusesTheRunBeyondItWith429NamingTheLimits() {
        String admin = admin();
        String name = "quota" + UUID.randomUUID().toString().substring(0, 6);
        String id = created(admin, name, "a-long-password-1", "user");
        String user = basic(name, "a-long-password-1");
        JsonNode patched = json(call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id,
                Map.of("max_queued_runs", 2, "max_running_runs", 0)));
        assertThat(patched.get("max_queued_runs").asInt()).isEqualTo(2);
        assertThat(patched.get("max_running_runs").asInt()).isEqualTo(0);
        String experiment = json(call(user, HttpMethod.POST, "/api/v1/experiments", Map.of("template",
                "3fc-training"))).get("id").asString();
        String runs = "/api/v1/experiments/" + experiment + "/runs";
        // nothing consumes the validation queue here, so both runs stay queued
        assertThat(call(user, HttpMethod.POST, runs, Map.of()).getStatusCode().value()).isEqualTo(202);
        assertThat(call(user, HttpMethod.POST, runs, Map.of()).getStatusCode().value()).isEqualTo(202);
        ResponseEntity<String> third = call(user, HttpMethod.POST, runs, Map.of());
        assertThat(third.getStatusCode().value()).isEqualTo(429);
        assertThat(third.getBody()).contains("Run quota reached").contains("2 queued and 0 running")
                .contains("limits are 2 queued and 0 running");

        // raising the quota lets the next run in; out-of-range quotas are refused naming the field
        call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id, Map.of("max_queued_runs", 3));
        assertThat(call(user, HttpMethod.POST, runs, Map.of()).getStatusCode().value()).isEqualTo(202);
        ResponseEntity<String> bad = call(admin, HttpMethod.PATCH, "/api/v1/admin/users/" + id,
                Map.of("max_queued_runs", -1));
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody()).contains("/max_queued_runs").contains("0..10000");
    }
}
