package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint against every kind of caller: anonymous, the owner, another user, an admin, a revoked API
 * token and an expired JWT. Another user's ids answer 404, never 403, so ids cannot be probed. "Every endpoint" is
 * checked: {@link #everyHandlerMappingIsInTheMatrix} lists the application's handler mappings and fails for any
 * that no row of the matrix calls, so a new endpoint cannot be added without deciding who may call it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.security.sign-ins-per-minute=1000")
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    enum Caller {
        ANONYMOUS, OWNER, OTHER, ADMIN, REVOKED_TOKEN, EXPIRED_JWT
    }

    record Endpoint(HttpMethod method, String path, Object body, MediaType type) {
        Endpoint(HttpMethod method, String path, Object body) {
            this(method, path, body, MediaType.APPLICATION_JSON);
        }
    }

    /** One row: an endpoint and the status each caller gets, in the order of {@link Caller}. */
    record Row(Endpoint endpoint, int... statuses) {}

    /**
     * Handler mappings that are not ours to authorize: Spring Boot's error page (rendered for other requests' errors,
     * public by design) and springdoc's API description and UI (public, see SecurityConfiguration).
     */
    private static final List<String> NOT_IN_THE_MATRIX = List.of("/error", "/v3/api-docs", "/swagger-ui");

    @LocalServerPort
    int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Jwts jwts;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    final Map<Caller, String> authorization = new LinkedHashMap<>();
    String experimentId;
    String runId;
    String ownerTokenId;
    String conductanceFileId;
    UUID managedUserId;

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
        managedUserId = account(UserAccount.Role.USER).id();
        ApiTokens.Created ownerToken = tokens.create(AccountPrincipal.of(owner), "ci", null);
        ownerTokenId = ownerToken.token().id().toString();
        ApiTokens.Created revoked = tokens.create(AccountPrincipal.of(owner), "old", null);
        tokens.revoke(AccountPrincipal.of(owner), revoked.token().id());
        authorization.put(Caller.OWNER, "Bearer " + ownerToken.secret());
        authorization.put(Caller.OTHER, basic(other));
        authorization.put(Caller.ADMIN, basic(admin));
        authorization.put(Caller.REVOKED_TOKEN, "Bearer " + revoked.secret());
        authorization.put(Caller.EXPIRED_JWT,
                "Bearer " + jwts.issue(AccountPrincipal.of(owner), ownerToken.token().id(),
                        Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).token());

        experimentId = SpecJson.mapper().readTree(call(Caller.OWNER,
                new Endpoint(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"))).getBody())
                .get("id").asString();
        runId = SpecJson.mapper().readTree(call(Caller.OWNER,
                new Endpoint(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of())).getBody())
                .get("id").asString();
        conductanceFileId = SpecJson.mapper().readTree(call(Caller.OWNER, new Endpoint(HttpMethod.POST,
                "/api/v1/conductance-files?name=mine.csv", CSV, TEXT_CSV)).getBody()).get("id").asString();
    }

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    private static final String CSV = "1\nAnalogLinear\n2\n1\n2\n0\n3.5,1.5\r\n";

    /** A status and, unless the answer is an event stream (which stays open), the body. */
    record Answer(int status, String body) {
        String getBody() {
            return body;
        }
    }

    /**
     * Calls an endpoint with plain HTTP (a 30 s timeout, so a hanging endpoint fails the test instead of blocking
     * it); an event stream's body is not read, only its status.
     */
    private Answer call(Caller caller, Endpoint endpoint) {
        String body = endpoint.body() == null
                ? null
                : endpoint.body() instanceof String text && !endpoint.type().equals(MediaType.APPLICATION_JSON)
                        ? text
                        : SpecJson.write(endpoint.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", endpoint.type().toString())
                .method(endpoint.method().name(), body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization.containsKey(caller)) {
            request.header("Authorization", authorization.get(caller));
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                boolean stream = response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("text/event-stream");
                return new Answer(response.statusCode(),
                        stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(endpoint.method() + " " + endpoint.path() + " as " + caller, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Row row(HttpMethod method, String path, Object body, int... statuses) {
        return new Row(new Endpoint(method, path, body), statuses);
    }

    /**
     * The matrix, in the order it is called (changes to the run and the experiment last). Statuses per caller:
     * ANONYMOUS, OWNER, OTHER, ADMIN, REVOKED_TOKEN, EXPIRED_JWT. Anonymous writes are stopped by CSRF protection
     * (403) before authentication is even asked for; a revoked token or an expired JWT is refused (401) even where
     * no authentication is needed, so a script learns at once that its credential is dead.
     */
    List<Row> matrix() {
        String e = "/api/v1/experiments/" + experimentId;
        String r = "/api/v1/runs/" + runId;
        String c = "/api/v1/conductance-files/" + conductanceFileId;
        String none = UUID.randomUUID().toString();
        List<Row> rows = new ArrayList<>();
        // Public reads: the catalogue the editor needs before signing in.
        rows.add(row(HttpMethod.GET, "/api/v1/schema", null, 200, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/catalogue", null, 200, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/templates", null, 200, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/templates/3fc-training", null, 200, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/presets", null, 200, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/presets/no-such-preset", null, 404, 404, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, "/actuator/health", null, 200, 200, 200, 200, 401, 401));
        // Previews are computed by a worker for a signed-in user (here refused as invalid before any worker is asked).
        rows.add(row(HttpMethod.GET, "/api/v1/presets/no-such-preset/response-curve", null, 401, 404, 404, 404, 401,
                401));
        rows.add(row(HttpMethod.POST, "/api/v1/previews/drift", Map.of("times", List.of(-1)), 403, 400, 400, 400, 401,
                401));
        rows.add(row(HttpMethod.POST, "/api/v1/previews/response-curve", Map.of("pulses", -1), 403, 400, 400, 400, 401,
                401));
        rows.add(row(HttpMethod.POST, "/api/v1/validate", "{}", 403, 200, 200, 200, 401, 401));
        // Cost estimates: for signed-in users; an invalid document is a 400 naming its fields.
        rows.add(row(HttpMethod.POST, "/api/v1/estimate", "{}", 403, 400, 400, 400, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/cost-parameter-sets", null, 401, 200, 200, 200, 401, 401));
        // Own resources: owner yes, other user 404 (not 403), admin may read but not change.
        rows.add(row(HttpMethod.GET, "/api/v1/experiments", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "no-such-template"), 403, 400, 400,
                400, 401, 401));
        rows.add(row(HttpMethod.GET, e, null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.GET, e + "/estimate", null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.PATCH, e, Map.of("notes", "n"), 403, 200, 404, 404, 401, 401));
        rows.add(row(HttpMethod.POST, e + "/clone", null, 403, 201, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, e + "/runs", null, 401, 200, 404, 404, 401, 401));
        rows.add(row(HttpMethod.POST, e + "/runs", Map.of(), 403, 202, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/runs", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, r, null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.GET, r + "/metrics", null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.GET, r + "/artifacts", null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.GET, r + "/artifacts/submitted.json", null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.GET, r + "/result", null, 401, 404, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/conductance-files", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, c, null, 401, 200, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, c + "/content", null, 401, 200, 404, 404, 401, 401));
        rows.add(new Row(new Endpoint(HttpMethod.POST, "/api/v1/conductance-files?name=x.csv", "not a csv", TEXT_CSV),
                403, 400, 400, 400, 401, 401));
        rows.add(row(HttpMethod.DELETE, "/api/v1/conductance-files/" + none, null, 403, 404, 404, 404, 401, 401));
        // Account: every signed-in user has their own; wrong passwords and unknown ids say so.
        rows.add(row(HttpMethod.GET, "/api/v1/auth/me", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.POST, "/api/v1/auth/login", Map.of("username", "nobody", "password", "wrong-one"),
                403, 401, 401, 401, 401, 401));
        // sign-up is off unless composer.security.signup-enabled: refused for everyone
        rows.add(row(HttpMethod.POST, "/api/v1/auth/signup", Map.of("username", "x", "password", "short"), 403, 403,
                403, 403, 401, 401));
        // the token exchange is open (the API token is the credential, in the body): a malformed one is refused
        rows.add(row(HttpMethod.POST, "/api/v1/auth/token", Map.of("api_token", "aimc_not-a-token"), 400, 400, 400,
                400, 401, 401));
        rows.add(row(HttpMethod.POST, "/api/v1/account/password",
                Map.of("current_password", "wrong-password", "new_password", "a-new-password-1"), 403, 400, 400, 400,
                401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/account/tokens", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.POST, "/api/v1/account/tokens", Map.of("name", "t", "expires_in_days", 0), 403, 400,
                400, 400, 401, 401));
        rows.add(row(HttpMethod.DELETE, "/api/v1/account/tokens/" + none, null, 403, 404, 404, 404, 401, 401));
        // Administration: admins only; users get 403 (the endpoint is no secret, its use is).
        rows.add(row(HttpMethod.GET, "/api/v1/admin/users", null, 401, 403, 403, 200, 401, 401));
        rows.add(row(HttpMethod.POST, "/api/v1/admin/users", Map.of("username", "made-by-admin-" + none.substring(0,
                8), "password", "a-long-password-1", "role", "user"), 403, 403, 403, 201, 401, 401));
        rows.add(row(HttpMethod.PATCH, "/api/v1/admin/users/" + managedUserId, Map.of("max_queued_runs", 5), 403, 403,
                403, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/admin/audit", null, 401, 403, 403, 200, 401, 401));
        // The AIHWKit client's API takes only the JWT from its own login (not API tokens, passwords or cookies);
        // what a JWT holder may see of others is AihwkitClientContractTest's.
        String aihw = "/aihw";
        // its login is open (a malformed API token in the body: 400), but a bearer credential sent along is checked
        rows.add(row(HttpMethod.POST, aihw + "/token/login", Map.of("token", "aimc_not-a-token"), 400, 401, 400, 400,
                401, 401));
        for (String path : List.of("/experiments/me", "/experiments/" + none, "/inputs/" + none + "/file",
                "/jobs/" + none, "/outputs/" + none + "/file")) {
            rows.add(row(HttpMethod.GET, aihw + path, null, 401, 401, 401, 401, 401, 401));
        }
        for (String path : List.of("/experiments", "/inputs", "/jobs")) {
            rows.add(row(HttpMethod.POST, aihw + path, Map.of(), 401, 401, 401, 401, 401, 401));
        }
        // Signed transfer URLs: no credential needed, but no URL works without a valid signature (403); a bearer
        // credential sent along is still checked, and a dead or non-JWT one refused (401).
        rows.add(row(HttpMethod.GET, aihw + "/files/inputs/" + none, null, 403, 401, 403, 403, 401, 401));
        rows.add(row(HttpMethod.PUT, aihw + "/files/inputs/" + none, "x", 403, 401, 403, 403, 401, 401));
        rows.add(row(HttpMethod.GET, aihw + "/files/outputs/" + none, null, 403, 401, 403, 403, 401, 401));
        // Datasets: the catalogue needs a user (it lists their uploads); uploads are the owner's only.
        rows.add(row(HttpMethod.GET, "/api/v1/datasets", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/datasets/synthetic", null, 401, 200, 200, 200, 401, 401));
        rows.add(row(HttpMethod.DELETE, "/api/v1/datasets/user:" + none, null, 403, 404, 404, 404, 401, 401));
        rows.add(row(HttpMethod.GET, "/api/v1/datasets/user:" + none + "/content", null, 401, 404, 404, 404, 401,
                401));
        rows.add(new Row(new Endpoint(HttpMethod.POST, "/api/v1/datasets?name=x", "not,a\ndataset", TEXT_CSV), 403,
                400, 400, 400, 401, 401));
        // Which backends have live workers: for signed-in users.
        rows.add(row(HttpMethod.GET, "/api/v1/backends", null, 401, 200, 200, 200, 401, 401));
        // Changing a run last: cancel (an administrator may cancel anyone's run, but this one already ended: 409),
        // then its event stream (which ends, the run having ended), then delete.
        rows.add(row(HttpMethod.POST, r + "/cancel", null, 403, 202, 404, 409, 401, 401));
        rows.add(row(HttpMethod.GET, r + "/events", null, 401, 200, 404, 200, 401, 401));
        rows.add(row(HttpMethod.DELETE, c, null, 403, 204, 404, 404, 401, 401));
        rows.add(row(HttpMethod.DELETE, e, null, 403, 204, 404, 404, 401, 401));
        return rows;
    }

    @Test
    void everyEndpointAnswersEveryCallerAsExpected() {
        List<String> failures = new ArrayList<>();
        Caller[] callers = Caller.values();
        for (Row row : matrix()) {
            assertThat(row.statuses()).as("%s has a status per caller", row.endpoint()).hasSize(callers.length);
            for (int i = 0; i < callers.length; i++) {
                int actual = call(callers[i], row.endpoint()).status();
                if (actual != row.statuses()[i]) {
                    failures.add(row.endpoint().method() + " " + row.endpoint().path() + " as " + callers[i]
                            + ": expected " + row.statuses()[i] + ", got " + actual);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyHandlerMappingIsInTheMatrix() {
        List<Row> matrix = matrix();
        List<String> missing = new ArrayList<>();
        int mappings = 0;
        for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
            Set<PathPattern> patterns = info.getPathPatternsCondition() == null
                    ? Set.of()
                    : info.getPathPatternsCondition().getPatterns();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : patterns) {
                if (NOT_IN_THE_MATRIX.stream().anyMatch(p -> pattern.getPatternString().startsWith(p))) {
                    continue;
                }
                mappings++;
                boolean covered = matrix.stream().anyMatch(row -> (methods.isEmpty()
                        || methods.contains(RequestMethod.resolve(row.endpoint().method())))
                        && pattern.matches(PathContainer.parsePath(row.endpoint().path().split("\\?")[0])));
                if (!covered) {
                    missing.add(methods + " " + pattern.getPatternString());
                }
            }
        }
        assertThat(mappings).as("the application's own handler mappings were found").isGreaterThan(50);
        assertThat(missing).as("handler mappings no row of the authorization matrix calls").isEmpty();
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
