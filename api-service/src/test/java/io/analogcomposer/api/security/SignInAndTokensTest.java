package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** Browser sessions with CSRF, password lockout, and the life of an API token, through real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.security.sign-ins-per-minute=1000", "composer.security.max-failed-sign-ins=3",
        "composer.security.lockout-base=1h", "composer.security.signup-enabled=true"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class SignInAndTokensTest {

    @LocalServerPort
    int port;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    /** A browser-like client: keeps cookies, sends the CSRF header when asked to. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> send(String method, String path, Object body, boolean withCsrf, String authorization)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json").method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(SpecJson.write(body)));
            if (withCsrf) {
                String token = cookies.getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst()
                        .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
                request.header("X-XSRF-TOKEN", token);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> send(String method, String path, Object body, boolean withCsrf) throws Exception {
            return send(method, path, body, withCsrf, null);
        }
    }

    private UserAccount user(String password) {
        return accounts.save(new UserAccount("u" + UUID.randomUUID().toString().substring(0, 8),
                encoder.encode(password), UserAccount.Role.USER));
    }

    @Test
    void aBrowserSessionNeedsTheCsrfTokenForChanges(CapturedOutput output) throws Exception {
        UserAccount account = user("correct horse battery");
        Browser browser = new Browser();
        assertThat(browser.send("GET", "/api/v1/auth/me", null, false).statusCode()).isEqualTo(401);
        assertThat(browser.send("POST", "/api/v1/auth/login",
                Map.of("username", account.username(), "password", "correct horse battery"), false).statusCode())
                .as("login without the CSRF token").isEqualTo(403);
        HttpResponse<String> login = browser.send("POST", "/api/v1/auth/login",
                Map.of("username", account.username(), "password", "correct horse battery"), true);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("COMPOSER_SESSION=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(login.body()).doesNotContain("password").doesNotContain("{argon2");

        assertThat(browser.send("GET", "/api/v1/auth/me", null, false).body()).contains(account.username());
        assertThat(browser.send("POST", "/api/v1/experiments", Map.of("template", "3fc-training"), false)
                .statusCode()).as("a forged cross-site POST carries the cookie but not the token").isEqualTo(403);
        assertThat(browser.send("POST", "/api/v1/experiments", Map.of("template", "3fc-training"), true)
                .statusCode()).isEqualTo(201);

        assertThat(browser.send("POST", "/api/v1/auth/logout", null, true).statusCode()).isEqualTo(204);
        assertThat(browser.send("GET", "/api/v1/auth/me", null, false).statusCode()).isEqualTo(401);
        assertThat(output.getAll()).doesNotContain("correct horse battery");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
        UserAccount account = user("right password!");
        Browser browser = new Browser();
        browser.send("GET", "/api/v1/auth/me", null, false);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = browser.send("POST", "/api/v1/auth/login",
                    Map.of("username", account.username(), "password", "guess " + i), true);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong user name or password");
        }
        HttpResponse<String> locked = browser.send("POST", "/api/v1/auth/login",
                Map.of("username", account.username(), "password", "right password!"), true);
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.body()).contains("locked");
        assertThat(accounts.findById(account.id()).orElseThrow().lockedUntil()).isNotNull();
    }

    @Test
    void aTokenRequestSpelledOtherwiseThanTheWireIsRefusedNamingTheFieldAndTheDocsSpellItAsTheWire()
            throws Exception {
        UserAccount account = user("spelling owner pass");
        String basic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((account.username() + ":spelling owner pass").getBytes());
        Browser script = new Browser();
        // what the OpenAPI description used to say: silently a token that never expired
        HttpResponse<String> refused = script.send("POST", "/api/v1/account/tokens",
                Map.of("name", "ci", "expiresInDays", 30), false, basic);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = SpecJson.mapper().readTree(refused.body());
        assertThat(problem.get("title").asString()).isEqualTo("Unknown field");
        assertThat(problem.get("detail").asString()).contains("'expiresInDays'")
                .contains("did you mean 'expires_in_days'?");
        assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("/expiresInDays");
        assertThat(problem.get("errors").get(0).get("allowed").asString()).isEqualTo("expires_in_days, name");
        String tokens = script.send("GET", "/api/v1/account/tokens", null, false, basic).body();
        assertThat(tokens).as("nothing was created").doesNotContain("\"ci\"");

        HttpResponse<String> created = script.send("POST", "/api/v1/account/tokens",
                Map.of("name", "ci", "expires_in_days", 30), false, basic);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(SpecJson.mapper().readTree(created.body()).get("expires_at").isNull()).isFalse();

        // the description documents the spelling the API reads
        JsonNode docs = SpecJson.mapper().readTree(script.send("GET", "/v3/api-docs", null, false, null).body());
        JsonNode newToken = docs.get("components").get("schemas").get("NewToken").get("properties");
        assertThat(newToken.has("expires_in_days")).as("%s", newToken).isTrue();
        assertThat(newToken.has("expiresInDays")).isFalse();
    }

    @Test
    void anApiTokenIsShownOnceWorksAsBearerExchangesForAJwtAndStopsWhenRevoked(CapturedOutput output)
            throws Exception {
        UserAccount account = user("token owner pass");
        String basic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((account.username() + ":token owner pass").getBytes());
        Browser script = new Browser();
        HttpResponse<String> created = script.send("POST", "/api/v1/account/tokens",
                Map.of("name", "laptop", "expires_in_days", 30), false, basic);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode token = SpecJson.mapper().readTree(created.body());
        String secret = token.get("token").asString();
        assertThat(secret).startsWith("aimc_").hasSize(45);
        assertThat(token.get("prefix").asString()).isEqualTo(secret.substring(0, 9));

        String listed = script.send("GET", "/api/v1/account/tokens", null, false, basic).body();
        assertThat(listed).contains("laptop").doesNotContain(secret);

        assertThat(script.send("GET", "/api/v1/auth/me", null, false, "Bearer " + secret).body())
                .contains(account.username());
        HttpResponse<String> exchanged = script.send("POST", "/api/v1/auth/token", Map.of("api_token", secret),
                false);
        assertThat(exchanged.statusCode()).isEqualTo(200);
        String jwt = SpecJson.mapper().readTree(exchanged.body()).get("jwt").asString();
        assertThat(script.send("GET", "/api/v1/experiments", null, false, "Bearer " + jwt).statusCode())
                .isEqualTo(200);
        HttpResponse<String> badExchange = script.send("POST", "/api/v1/auth/token",
                Map.of("api_token", "aimc_nope"), false);
        assertThat(badExchange.statusCode()).isEqualTo(400);
        assertThat(badExchange.body()).contains("unknown, revoked or expired");

        assertThat(script.send("DELETE", "/api/v1/account/tokens/" + token.get("id").asString(), null, false, basic)
                .statusCode()).isEqualTo(204);
        assertThat(script.send("GET", "/api/v1/auth/me", null, false, "Bearer " + secret).statusCode())
                .isEqualTo(401);
        assertThat(script.send("POST", "/api/v1/auth/token", Map.of("api_token", secret), false).statusCode())
                .isEqualTo(400);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void signUpCreatesAnOrdinaryAccountAndRejectsWeakPasswordsWithTheRule() throws Exception {
        Browser browser = new Browser();
        browser.send("GET", "/api/v1/auth/me", null, false);
        HttpResponse<String> weak = browser.send("POST", "/api/v1/auth/signup",
                Map.of("username", "newcomer1", "password", "short"), true);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("/password").contains("10 to 200");
        HttpResponse<String> ok = browser.send("POST", "/api/v1/auth/signup",
                Map.of("username", "newcomer1", "password", "long enough password"), true);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).contains("\"role\":\"user\"");
        assertThat(browser.send("POST", "/api/v1/auth/signup",
                Map.of("username", "newcomer1", "password", "long enough password"), true).statusCode())
                .isEqualTo(409);
    }
}
