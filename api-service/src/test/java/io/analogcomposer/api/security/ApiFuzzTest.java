package io.analogcomposer.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;

/**
 * Bad bodies at every operation that reads one, as an attacker's fuzzer sends them (seeded, so a failure reproduces):
 * NUL characters and lone surrogates in every text, invalid UTF-8, numbers past every range, wrong types, deep
 * nesting, truncated and empty JSON, each sent with a length and chunked. No answer may be a 5xx, every refusal must
 * be problem JSON naming what is wrong, and the service must answer normally afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.security.submissions-per-minute=10000", "composer.security.max-queued-runs=10000"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class ApiFuzzTest {

    private static final long SEED = 20261207L;

    @LocalServerPort
    int port;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    private final HttpClient http = HttpClient.newHttpClient();
    private final SplittableRandom random = new SplittableRandom(SEED);

    /** Values a fuzzer puts where a field's value belongs (raw JSON). */
    private static final List<String> NASTY = List.of("\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff tail\"",
            "\"" + "x".repeat(70_000) + "\"", "1e400", "-1", "9223372036854775808", "-0.0", "NaN", "true", "null",
            "[]", "{}", "[".repeat(2000) + "]".repeat(2000), "\"\\u202e\\u0000\"", "0.000000000000000000001",
            "\"../../etc/passwd\"", "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"");

    private record Operation(String method, String path, Map<String, String> fields) {}

    private HttpResponse<String> send(String method, String path, byte[] body, boolean chunked, String auth)
            throws Exception {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").method(method, publisher);
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noBadBodyAtAnyOperationGivesA5xx() throws Exception {
        String password = "long enough password";
        UserAccount account = accounts.save(new UserAccount("fuzz" + UUID.randomUUID().toString().substring(0, 8),
                encoder.encode(password), UserAccount.Role.USER));
        String basic = "Basic " + Base64.getEncoder().encodeToString((account.username() + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = send("POST", "/api/v1/account/tokens",
                "{\"name\":\"fuzz\"}".getBytes(StandardCharsets.UTF_8), false, basic);
        String auth = "Bearer " + SpecJson.mapper().readTree(token.body()).get("token").asString();
        HttpResponse<String> created = send("POST", "/api/v1/experiments",
                "{\"template\":\"3fc-training\"}".getBytes(StandardCharsets.UTF_8), false, auth);
        String experiment = SpecJson.mapper().readTree(created.body()).get("id").asString();
        // the AIHWKit client's API takes the JWT its token exchange gives
        String secret = auth.substring("Bearer ".length());
        HttpResponse<String> login = send("POST", "/aihw/token/login", ("{\"token\":\"" + secret + "\"}")
                .getBytes(StandardCharsets.UTF_8), false, null);
        String jwt = "Bearer " + SpecJson.mapper().readTree(login.body()).get("jwt").asString();

        List<Operation> operations = List.of(
                new Operation("POST", "/api/v1/experiments", fields("name", "\"n\"", "template", "\"3fc-training\"",
                        "tags", "[\"t\"]", "notes", "\"x\"")),
                new Operation("PATCH", "/api/v1/experiments/" + experiment, fields("name", "\"n\"", "tags",
                        "[\"t\"]", "notes", "\"x\"", "document", "{\"kind\":\"training\"}")),
                new Operation("POST", "/api/v1/experiments/" + experiment + "/clone", fields("name", "\"copy\"")),
                new Operation("POST", "/api/v1/experiments/" + experiment + "/runs", fields("backend", "\"cpu\"")),
                new Operation("POST", "/api/v1/validate", fields("kind", "\"training\"", "name", "\"v\"",
                        "schema_version", "1")),
                new Operation("POST", "/api/v1/account/tokens", fields("name", "\"t\"", "expires_in_days", "30")),
                new Operation("POST", "/api/v1/account/password", fields("current_password", "\"wrong one\"",
                        "new_password", "\"another long password\"")),
                new Operation("POST", "/api/v1/previews/drift", fields("preset", "\"PCMPresetUnitCell\"",
                        "t_inference", "[1, 60]")),
                new Operation("POST", "/aihw/experiments", fields("name", "\"a\"", "category", "\"train\"")),
                new Operation("POST", "/api/v1/auth/signup", fields("username", "\"someone\"", "password",
                        "\"a long password here\"")));

        int tried = 0, serverErrors = 0;
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Operation op : operations) {
            for (byte[] body : bodies(op)) {
                boolean chunked = random.nextBoolean();
                HttpResponse<String> response = send(op.method(), op.path(), body, chunked,
                        op.path().startsWith("/aihw") ? jwt : auth);
                tried++;
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    serverErrors++;
                    failures.add(op.method() + " " + op.path() + (chunked ? " (chunked) " : " ") + preview(body)
                            + " → " + response.statusCode() + " " + response.body());
                } else if (response.statusCode() >= 400 && response.statusCode() != 401) {
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (!(type.contains("problem+json") || op.path().startsWith("/aihw"))) {
                        failures.add(op.method() + " " + op.path() + " " + preview(body) + " → "
                                + response.statusCode() + " not problem JSON: " + type);
                    }
                    if (response.body().contains("Exception") || response.body().contains("at io.")) {
                        failures.add(op.method() + " " + op.path() + " " + preview(body) + " → Java text: "
                                + response.body());
                    }
                }
            }
        }
        System.out.printf("API fuzz: %d bodies tried at %d operations, %d answered 5xx; statuses %s%n", tried,
                operations.size(), serverErrors, statuses);
        assertThat(failures).as("%d bodies tried", tried).isEmpty();
        assertThat(send("GET", "/api/v1/experiments/" + experiment, null, false, auth).statusCode()).isEqualTo(200);
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Each field replaced by each nasty value, then raw corruptions of the whole body. */
    private List<byte[]> bodies(Operation op) {
        List<byte[]> out = new ArrayList<>();
        for (String field : op.fields().keySet()) {
            for (String nasty : NASTY) {
                Map<String, String> f = new LinkedHashMap<>(op.fields());
                f.put(field, nasty);
                out.add(json(f).getBytes(StandardCharsets.UTF_8));
            }
            Map<String, String> unknown = new LinkedHashMap<>(op.fields());
            unknown.put(field + "\u0000x", "1");
            out.add(json(unknown).getBytes(StandardCharsets.UTF_8));
        }
        String valid = json(op.fields());
        out.add(new byte[0]);
        out.add("null".getBytes(StandardCharsets.UTF_8));
        out.add("[1,2]".getBytes(StandardCharsets.UTF_8));
        out.add(valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8));
        byte[] invalidUtf8 = valid.getBytes(StandardCharsets.UTF_8);
        invalidUtf8[2] = (byte) 0xC3;
        invalidUtf8[3] = (byte) 0x28;
        out.add(invalidUtf8);
        byte[] nul = valid.getBytes(StandardCharsets.UTF_8);
        nul[random.nextInt(nul.length)] = 0;
        out.add(nul);
        return out;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(SpecJson.write(k)).append(':').append(v));
        return b.append('}').toString();
    }

    private static String preview(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
