package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * Every endpoint against every kind of caller: anonymous, the owner, another user, an admin, a revoked API
 * token and an expired JWT. Another user's ids answer 404, never 403, so ids cannot be probed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.security.sign-ins-per-minute=1000")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    enum Caller {
        ANONYMOUS, OWNER, OTHER, ADMIN, REVOKED_TOKEN, EXPIRED_JWT
    }

    record Endpoint(HttpMethod method, String path, Object body) {}

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Jwts jwts;

    final Map<Caller, String> authorization = new LinkedHashMap<>();
    String experimentId;
    String runId;
    String ownerTokenId;

    private UserAccount account(UserAccount.Role role) {
        String name = role.name().toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
        return accounts.save(new UserAccount(name, encoder.encode("secret-" + name), role));
    }

    private static String basic(UserAccount a) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((a.username() + ":secret-" + a.username()).getBytes());
    }

    @BeforeAll
    void setUp() {
        UserAccount owner = account(UserAccount.Role.USER);
        UserAccount other = account(UserAccount.Role.USER);
        UserAccount admin = account(UserAccount.Role.ADMIN);
        ApiTokens.Created ownerToken = tokens.create(AccountPrincipal.of(owner), "ci", null);
        ownerTokenId = ownerToken.token().id().toString();
        ApiTokens.Created revoked = tokens.create(AccountPrincipal.of(owner), "old", null);
        tokens.revoke(AccountPrincipal.of(owner), revoked.token().id());
        authorization.put(Caller.OWNER, "Bearer " + ownerToken.secret());
        authorization.put(Caller.OTHER, basic(other));
        authorization.put(Caller.ADMIN, basic(admin));
        authorization.put(Caller.REVOKED_TOKEN, "Bearer " + revoked.secret());
        authorization.put(Caller.EXPIRED_JWT, "Bearer " + jwts.issue(AccountPrincipal.of(owner),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).token());

        experimentId = SpecJson.mapper().readTree(call(Caller.OWNER,
                new Endpoint(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"))).getBody())
                .get("id").asString();
        runId = SpecJson.mapper().readTree(call(Caller.OWNER,
                new Endpoint(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of())).getBody())
                .get("id").asString();
    }

    private ResponseEntity<String> call(Caller caller, Endpoint endpoint) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (authorization.containsKey(caller)) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization.get(caller));
        }
        String body = endpoint.body() == null ? null : SpecJson.write(endpoint.body());
        return http.exchange(endpoint.path(), endpoint.method(), new HttpEntity<>(body, headers), String.class);
    }

    /** Expected status per caller, in the order ANONYMOUS, OWNER, OTHER, ADMIN, REVOKED_TOKEN, EXPIRED_JWT. */
    private void expect(List<String> failures, Endpoint endpoint, int... statuses) {
        Caller[] callers = Caller.values();
        for (int i = 0; i < callers.length; i++) {
            int actual = call(callers[i], endpoint).getStatusCode().value();
            if (actual != statuses[i]) {
                failures.add(endpoint.method() + " " + endpoint.path() + " as " + callers[i] + ": expected "
                        + statuses[i] + ", got " + actual);
            }
        }
    }

    @Test
    void everyEndpointAnswersEveryCallerAsExpected() {
        String e = "/api/v1/experiments/" + experimentId;
        String r = "/api/v1/runs/" + runId;
        List<String> failures = new ArrayList<>();
        // Public reads.
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/schema", null), 200, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/templates", null), 200, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/presets", null), 200, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/actuator/health", null), 200, 200, 200, 200, 401, 401);
        // Anonymous writes are stopped by CSRF protection (403) before authentication is even asked for.
        // Own resources: owner yes, other user 404 (not 403), admin may read but not change.
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/experiments", null), 401, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, e, null), 401, 200, 404, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.PATCH, e, Map.of("notes", "n")), 403, 200, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.POST, e + "/clone", null), 403, 201, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, e + "/runs", null), 401, 200, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, r, null), 401, 200, 404, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, r + "/metrics", null), 401, 200, 404, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, r + "/artifacts", null), 401, 200, 404, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, r + "/artifacts/submitted.json", null), 401, 200, 404, 200,
                401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, r + "/result", null), 401, 404, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.POST, "/api/v1/validate", "{}"), 403, 200, 200, 200, 401, 401);
        // Datasets: the catalogue needs a user (it lists their uploads); uploads are the owner's only.
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/datasets", null), 401, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/datasets/synthetic", null), 401, 200, 200, 200, 401,
                401);
        expect(failures, new Endpoint(HttpMethod.DELETE, "/api/v1/datasets/user:" + UUID.randomUUID(), null), 403,
                404, 404, 404, 401, 401);
        // Account and administration.
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/auth/me", null), 401, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/account/tokens", null), 401, 200, 200, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.DELETE, "/api/v1/account/tokens/" + UUID.randomUUID(), null), 403,
                404, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/admin/users", null), 401, 403, 403, 200, 401, 401);
        expect(failures, new Endpoint(HttpMethod.GET, "/api/v1/admin/audit", null), 401, 403, 403, 200, 401, 401);
        // Changing a run last: cancel, then the other user still cannot see it.
        expect(failures, new Endpoint(HttpMethod.POST, r + "/cancel", null), 403, 202, 404, 404, 401, 401);
        expect(failures, new Endpoint(HttpMethod.DELETE, e, null), 403, 204, 404, 404, 401, 401);
        assertThat(failures).isEmpty();
    }

    @Test
    void theAuditLogRecordsSubmissionsAndTokensWithoutSecrets() {
        JsonNode audit = SpecJson.mapper().readTree(call(Caller.ADMIN,
                new Endpoint(HttpMethod.GET, "/api/v1/admin/audit?limit=1000", null)).getBody());
        List<String> actions = audit.findValuesAsString("action");
        assertThat(actions).contains("run.submitted", "token.created", "token.revoked");
        String owner = authorization.get(Caller.OWNER).substring("Bearer ".length());
        assertThat(audit.toString()).doesNotContain(owner);
    }
}
