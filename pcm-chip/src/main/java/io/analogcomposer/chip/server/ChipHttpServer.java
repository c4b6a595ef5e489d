package io.analogcomposer.chip.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.analogcomposer.chip.protocol.AdvanceTimeRequest;
import io.analogcomposer.chip.protocol.ChipController;
import io.analogcomposer.chip.protocol.ChipError;
import io.analogcomposer.chip.protocol.HistoryRequest;
import io.analogcomposer.chip.protocol.ProgramRequest;
import io.analogcomposer.chip.protocol.Protocol;
import io.analogcomposer.chip.protocol.ProtocolException;
import io.analogcomposer.chip.protocol.ReadRequest;
import io.analogcomposer.chip.protocol.ResetRequest;
import io.analogcomposer.chip.protocol.Wire;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves a {@link ChipController} over the pcm-chip protocol (HTTP/1.1 + JSON, see PROTOCOL.md) with the JDK's
 * built-in HTTP server, so that a lab controller needs nothing beyond a JDK and Jackson.
 */
public final class ChipHttpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChipHttpServer.class.getName());

    private final ChipController chip;
    /** The token every request must carry ({@code Authorization: Bearer <token>}); null: no authentication. */
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService executor;
    private final JsonMapper mapper = Wire.strictMapper();

    private ChipHttpServer(ChipController chip, HttpServer server, String token) {
        this.chip = chip;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.server = server;
        // Requests are handled concurrently; the controller serialises chip operations itself.
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "pcm-chip-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free port, see {@link #port()}) without authentication:
     * for a controller only its hardware worker can reach (loopback, a private lab network).
     */
    public static ChipHttpServer start(ChipController chip, String host, int port) throws IOException {
        return start(chip, host, port, null);
    }

    /**
     * Starts serving on {@code host:port}; every request must carry {@code Authorization: Bearer <token>} (others
     * get 401 {@code UNAUTHORIZED} and change nothing), so other users of the machine cannot program, reset or read
     * the chip. A null token serves without authentication.
     */
    public static ChipHttpServer start(ChipController chip, String host, int port, String token) throws IOException {
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("a chip token must have at least 16 characters, has " + token.length());
        }
        ChipHttpServer http = new ChipHttpServer(chip, HttpServer.create(new InetSocketAddress(host, port), 64),
                token);
        http.server.start();
        return http;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                authorize(exchange);
                Object answer = switch (path) {
                    case Protocol.IDENTITY -> get(method, path, chip::identity);
                    case Protocol.HEALTH -> get(method, path, chip::health);
                    case Protocol.PROGRAM -> chip.program(body(exchange, method, path, ProgramRequest.class));
                    case Protocol.READ -> chip.read(body(exchange, method, path, ReadRequest.class));
                    case Protocol.RESET -> chip.reset(body(exchange, method, path, ResetRequest.class));
                    case Protocol.HISTORY -> chip.history(body(exchange, method, path, HistoryRequest.class));
                    case Protocol.ADVANCE_TIME -> chip
                            .advanceTime(body(exchange, method, path, AdvanceTimeRequest.class));
                    default -> throw new Refused(404, new ChipError(ChipError.UNSUPPORTED, null,
                            "no operation at " + path + "; operations are under " + Protocol.PREFIX
                                    + " (identity, health, program, read, reset, history)",
                            null));
                };
                send(exchange, 200, answer);
            } catch (Refused refused) {
                send(exchange, refused.status, new ChipError.Envelope(refused.error));
            } catch (ProtocolException refused) {
                int status = ChipError.UNSUPPORTED.equals(refused.error().code()) ? 404 : 400;
                send(exchange, status, new ChipError.Envelope(refused.error()));
            } catch (RuntimeException failure) {
                LOG.log(Level.WARNING, "chip operation " + path + " failed", failure);
                send(exchange, 500, new ChipError.Envelope(new ChipError(ChipError.INTERNAL, null,
                        "the controller failed: " + failure.getMessage(), null)));
            }
        }
    }

    private void authorize(HttpExchange exchange) {
        if (token == null) {
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // constant time: the comparison must not tell how much of a guess was right
        if (!MessageDigest.isEqual(given, token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new Refused(401, new ChipError(ChipError.UNAUTHORIZED, null, header == null
                    ? "this controller requires its token: send Authorization: Bearer <token>"
                    : "the token in the Authorization header is not this controller's", null));
        }
    }

    private static Object get(String method, String path, java.util.function.Supplier<Object> operation) {
        if (!"GET".equals(method)) {
            throw new Refused(405, new ChipError(ChipError.UNSUPPORTED, null, path + " takes GET, not " + method,
                    null));
        }
        return operation.get();
    }

    private <T> T body(HttpExchange exchange, String method, String path, Class<T> type) throws IOException {
        if (!"POST".equals(method)) {
            throw new Refused(405, new ChipError(ChipError.UNSUPPORTED, null,
                    path + " takes POST with a JSON body, not " + method, null));
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(Protocol.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > Protocol.MAX_BODY_BYTES) {
            throw new Refused(413, new ChipError(ChipError.TOO_LARGE, null, "the request body exceeds "
                    + Protocol.MAX_BODY_BYTES + " bytes; split the addresses over several requests",
                    "≤ " + Protocol.MAX_BODY_BYTES + " bytes"));
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new Refused(400, new ChipError(ChipError.MALFORMED, null, "the request body is empty", null));
            }
            return value;
        } catch (Refused refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw new ProtocolException(Wire.toChipError(e));
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Pcm-Chip-Protocol", Protocol.VERSION);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A refusal with a specific HTTP status. */
    private static final class Refused extends RuntimeException {
        private final int status;
        private final ChipError error;

        Refused(int status, ChipError error) {
            super(error.message(), null, false, false);
            this.status = status;
            this.error = error;
        }
    }
}
