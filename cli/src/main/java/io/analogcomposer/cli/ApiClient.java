package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The composer's REST API over {@link HttpClient}: bearer token, JSON bodies, RFC 9457 problems turned into
 * {@link CliException}s that name the fields at fault, and 429 answers retried after their {@code Retry-After}.
 */
final class ApiClient {

    /** How often a rate-limited request is retried before giving up. */
    private static final int RATE_LIMIT_RETRIES = 5;
    /** Upper bound of one wait, so a server asking for minutes does not silently hang a script. */
    private static final long MAX_RETRY_WAIT_SECONDS = 30;

    private final String base;
    private final String token;
    private final HttpClient http;

    ApiClient(String base, String token) {
        this.base = CliConfig.stripSlash(base);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return json(send("GET", path, null));
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, body));
    }

    JsonNode patch(String path, Object body) {
        return json(send("PATCH", path, body));
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    /** The raw body of a GET as text (the schema, JSON artifacts). */
    String getText(String path) {
        return send("GET", path, null).body();
    }

    /** The raw body of a GET as bytes, unchanged (artifacts such as checkpoints and CSV files). */
    byte[] getBytes(String path) {
        return exchange("GET", path, HttpRequest.BodyPublishers.noBody(), null, "application/json",
                HttpResponse.BodyHandlers.ofByteArray(), b -> new String(b, StandardCharsets.UTF_8)).body();
    }

    /** POSTs a file as the request body with its media type; answers the JSON reply. */
    JsonNode postBytes(String path, byte[] body, String contentType) {
        return json(exchange("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), contentType,
                "application/json", HttpResponse.BodyHandlers.ofString(), b -> b));
    }

    /** {@code name=value&...} for the non-null values, URL-encoded. */
    static String query(Map<String, ?> params) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpResponse<String> send(String method, String path, Object body) {
        String payload = body == null ? null : body instanceof String s ? s : SpecJson.write(body);
        return exchange(method, path,
                payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload),
                payload == null ? null : "application/json", "application/json", HttpResponse.BodyHandlers.ofString(),
                b -> b);
    }

    /** One request: retried while rate-limited (429), problems turned into {@link CliException}s. */
    private <T> HttpResponse<T> exchange(String method, String path, HttpRequest.BodyPublisher body,
            String contentType, String accept, HttpResponse.BodyHandler<T> handler,
            java.util.function.Function<T, String> asText) {
        for (int attempt = 0;; attempt++) {
            HttpResponse<T> response;
            try {
                HttpRequest.Builder b = request(path, accept).method(method, body);
                if (contentType != null) {
                    b.header("Content-Type", contentType);
                }
                response = http.send(b.build(), handler);
            } catch (IOException e) {
                throw unreachable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.server("interrupted while waiting for " + base);
            }
            if (response.statusCode() == 429 && attempt < RATE_LIMIT_RETRIES) {
                sleep(retryAfter(response.headers().firstValue("Retry-After").orElse(null), attempt));
                continue;
            }
            if (response.statusCode() >= 400) {
                throw problem(method, path, response.statusCode(), asText.apply(response.body()));
            }
            return response;
        }
    }

    /**
     * Follows a Server-Sent Events stream until the server ends it; each complete event goes to {@code onEvent}
     * as (event name, data). Returns normally when the stream ends.
     */
    void events(String path, BiConsumer<String, String> onEvent) {
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request(path, "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.server("interrupted while following " + path);
        }
        if (response.statusCode() >= 400) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            throw problem("GET", path, response.statusCode(), body);
        }
        try (Stream<String> lines = response.body()) {
            String[] name = {"message"};
            StringBuilder data = new StringBuilder();
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        onEvent.accept(name[0], data.toString());
                    }
                    name[0] = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
                // comments (keep-alives) and ids are ignored
            });
        } catch (java.io.UncheckedIOException e) {
            throw unreachable(e.getCause());
        }
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                // the schema is application/schema+json and errors are problem+json: accept them all
                .header("Accept", "text/event-stream".equals(accept) ? accept : accept + ", */*;q=0.5")
                .header("User-Agent", "aimc");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (!"text/event-stream".equals(accept)) {
            b.timeout(Duration.ofSeconds(60));
        }
        return b;
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("the server URL '" + base + "' is not a valid URL: " + e.getMessage());
        }
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof ConnectException
                ? "connection refused"
                : e instanceof HttpTimeoutException ? "timed out" : String.valueOf(e.getMessage());
        return CliException.unreachable("cannot reach the server at " + base + " (" + why
                + "); check the URL ('aimc login --url', AIMC_URL) and that the server runs");
    }

    /**
     * The server's problem document as one readable error: status, title and detail, then one line per field
     * error with its pointer and the allowed values. 400 and 422 are the user's input (exit 2), 401 and 403 the
     * credentials, anything else the server (exit 3).
     */
    static CliException problem(String method, String path, int status, String body) {
        StringBuilder msg = new StringBuilder();
        JsonNode node = null;
        try {
            node = body == null || body.isBlank() ? null : SpecJson.mapper().readTree(body);
        } catch (JacksonException e) {
            // not a problem document (a proxy's HTML page, say): the status line is all we can say
        }
        String title = node == null ? null : text(node, "title");
        String detail = node == null ? null : text(node, "detail");
        if (status == 401) {
            msg.append("the server refused the credentials (401");
            msg.append(detail == null ? "" : ": " + detail);
            msg.append("); log in again with 'aimc login' or check AIMC_TOKEN");
            return new CliException(ExitCodes.SERVER, msg.toString());
        }
        msg.append(method).append(' ').append(path).append(" failed with ").append(status);
        if (title != null) {
            msg.append(' ').append(title);
        }
        if (detail != null) {
            msg.append(": ").append(detail);
        }
        if (node != null && node.get("errors") != null && node.get("errors").isArray()) {
            for (JsonNode e : node.get("errors")) {
                msg.append("\n  ").append(fieldError(e));
            }
        }
        if (status == 429) {
            msg.append(" (rate limited; try again later)");
        }
        int code = status == 400 || status == 422 ? ExitCodes.USAGE : ExitCodes.SERVER;
        return new CliException(code, msg.toString());
    }

    /** {@code /pointer: message (allowed: ...)}. */
    static String fieldError(JsonNode e) {
        String pointer = text(e, "pointer");
        String allowed = text(e, "allowed");
        return (pointer == null || pointer.isEmpty() ? "(document)" : pointer) + ": " + text(e, "message")
                + (allowed == null || allowed.isBlank() ? "" : " (allowed: " + allowed + ")");
    }

    static long retryAfter(String header, int attempt) {
        long seconds = 1L << Math.min(attempt, 4);
        if (header != null) {
            try {
                seconds = Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                // an HTTP date: fall back to exponential waiting rather than parsing clocks of other machines
            }
        }
        return Math.max(1, Math.min(seconds, MAX_RETRY_WAIT_SECONDS));
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.server("interrupted while waiting out a rate limit");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return SpecJson.mapper().createObjectNode();
        }
        try {
            return SpecJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw CliException.server("the server answered with something that is not JSON: "
                    + body.substring(0, Math.min(200, body.length())));
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

}
