package io.analogcomposer.e2e.pipeline;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** A script's view of the API: a fresh user's personal API token as Bearer, JSON in and out. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    /** The same user on another API replica. */
    ApiClient on(int port) {
        return new ApiClient(port, authorization);
    }

    /** Follows a run's live events until the stream ends; returns the data lines. */
    java.util.concurrent.CompletableFuture<java.util.List<String>> follow(String runId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/events"))
                .header("Authorization", authorization).header("Accept", "text/event-stream").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> response.body()
                .filter(line -> line.startsWith("data:")).toList());
    }

    private ApiClient(int port, String authorization) {
        this.base = "http://localhost:" + port;
        this.authorization = authorization;
    }

    static ApiClient newUser(Cluster cluster) {
        return newAccount(cluster, UserAccount.Role.USER);
    }

    static ApiClient newAccount(Cluster cluster, UserAccount.Role role) {
        String username = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount account = cluster.api().getBean(UserAccountRepository.class).save(new UserAccount(username,
                cluster.api().getBean(PasswordEncoder.class).encode("password-" + username), role));
        String token = cluster.api().getBean(ApiTokens.class).create(AccountPrincipal.of(account), "e2e", null)
                .secret();
        return new ApiClient(cluster.apiPort(), "Bearer " + token);
    }

    /** The user's personal API token, as a script or AIHWKit's {@code aihwkit.conf} holds it. */
    String token() {
        return authorization.substring("Bearer ".length());
    }

    record Response(int status, JsonNode body, String text) {}

    Response send(String method, String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : SpecJson.write(body)))
                .build();
        return exchange(request);
    }

    /** Sends the request; JSON answers are parsed. */
    private Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.body() != null && !response.body().isBlank()
                    && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                json = SpecJson.mapper().readTree(response.body());
            }
            return new Response(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode expect(int status, String method, String path, Object body) {
        Response response = send(method, path, body);
        if (response.status() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + response.status()
                    + ": " + response.text());
        }
        return response.body();
    }

    /** Uploads a file as the raw request body (e.g. a Fusion CSV, {@code text/csv}). */
    Response upload(String path, String contentType, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", contentType).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return exchange(request);
    }

    /** The raw bytes of a download. */
    byte[] download(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return expect(200, "GET", path, null);
    }

    String createExperiment(String document) {
        return expect(201, "POST", "/api/v1/experiments", "{\"document\":" + document + "}").get("id").asString();
    }

    String submit(String experimentId) {
        return expect(202, "POST", "/api/v1/experiments/" + experimentId + "/runs", "{}").get("id").asString();
    }

    JsonNode awaitRun(String runId, Duration timeout, Predicate<JsonNode> condition) {
        return await(timeout, () -> get("/api/v1/runs/" + runId), condition);
    }

    static <T> T await(Duration timeout, Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + "; last: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }
}
