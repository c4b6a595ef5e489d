package io.analogcomposer.chip.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.analogcomposer.chip.protocol.AdvanceTimeRequest;
import io.analogcomposer.chip.protocol.ChipError;
import io.analogcomposer.chip.protocol.ChipHealth;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.chip.protocol.ClockState;
import io.analogcomposer.chip.protocol.DeviceHistory;
import io.analogcomposer.chip.protocol.HistoryRequest;
import io.analogcomposer.chip.protocol.HistoryResult;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.protocol.ProgramRequest;
import io.analogcomposer.chip.protocol.ProgramResult;
import io.analogcomposer.chip.protocol.Protocol;
import io.analogcomposer.chip.protocol.ReadRequest;
import io.analogcomposer.chip.protocol.ReadResult;
import io.analogcomposer.chip.protocol.ResetRequest;
import io.analogcomposer.chip.protocol.ResetResult;
import io.analogcomposer.chip.protocol.Wire;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java client of the pcm-chip protocol. Thread-safe; requests are validated locally by the protocol records
 * (so an out-of-range parameter fails before anything is sent, with the controller's error code), then sent over
 * HTTP/1.1. Errors surface as {@link ChipException}.
 */
public final class ChipClient implements AutoCloseable {

    private final URI base;
    private final Duration timeout;
    /** Sent as {@code Authorization: Bearer <token>} when the controller requires one; null otherwise. */
    private final String token;
    private final HttpClient http;
    private final JsonMapper mapper = Wire.lenientMapper();

    private ChipClient(URI base, Duration timeout, String token) {
        this.base = base;
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A client for the controller at {@code base} (e.g. {@code http://lab-host:7070}), 2-minute request timeout. */
    public static ChipClient connect(URI base) {
        return connect(base, Duration.ofMinutes(2));
    }

    public static ChipClient connect(URI base, Duration requestTimeout) {
        return connect(base, requestTimeout, null);
    }

    /** A client that sends {@code token} with every request (null or blank: none), for controllers that need one. */
    public static ChipClient connect(URI base, Duration requestTimeout, String token) {
        String text = base.toString();
        return new ChipClient(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text),
                requestTimeout, token == null || token.isBlank() ? null : token.strip());
    }

    public URI base() {
        return base;
    }

    /** Identity of the chip; fails with INCOMPATIBLE if the controller speaks another major protocol version. */
    public ChipIdentity identify() {
        ChipIdentity identity = send(Protocol.IDENTITY, null, ChipIdentity.class);
        if (Protocol.majorOf(identity.protocolVersion()) != Protocol.MAJOR) {
            throw new ChipException(0, new ChipError(ChipException.INCOMPATIBLE, "protocol_version",
                    "the controller speaks " + identity.protocolVersion() + ", this client " + Protocol.VERSION,
                    "pcm-chip/" + Protocol.MAJOR + ".x"), null);
        }
        return identity;
    }

    public ChipHealth health() {
        return send(Protocol.HEALTH, null, ChipHealth.class);
    }

    public ProgramResult program(ProgramRequest request) {
        return send(Protocol.PROGRAM, request, ProgramResult.class);
    }

    public ProgramResult program(int[] addresses, float[] targetsUs, ProgramAndVerify algorithm) {
        return program(new ProgramRequest(addresses, targetsUs, algorithm));
    }

    public ReadResult read(ReadRequest request) {
        return send(Protocol.READ, request, ReadResult.class);
    }

    public ReadResult read(int[] addresses, int reads) {
        return read(new ReadRequest(addresses, reads));
    }

    public ResetResult reset(ResetRequest request) {
        return send(Protocol.RESET, request, ResetResult.class);
    }

    public ResetResult resetAll() {
        return reset(ResetRequest.everything());
    }

    /** History of any number of addresses: split into requests of at most the protocol's limit. */
    public List<DeviceHistory> history(int[] addresses) {
        List<DeviceHistory> all = new ArrayList<>(addresses.length);
        for (int from = 0; from < Math.max(addresses.length, 1); from += Protocol.MAX_HISTORY_ADDRESSES) {
            int to = Math.min(addresses.length, from + Protocol.MAX_HISTORY_ADDRESSES);
            HistoryRequest request = new HistoryRequest(Arrays.copyOfRange(addresses, from, to));
            all.addAll(send(Protocol.HISTORY, request, HistoryResult.class).devices());
        }
        return all;
    }

    /** Emulator-only: move the chip clock forward; a real controller answers UNSUPPORTED. */
    public ClockState advanceTime(double seconds) {
        return send(Protocol.ADVANCE_TIME, new AdvanceTimeRequest(seconds), ClockState.class);
    }

    private <T> T send(String path, Object body, Class<T> answer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw unavailable(path, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw unavailable(path, "cannot connect", e);
        } catch (IOException e) {
            throw unavailable(path, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(path, "interrupted", e);
        }
        if (response.statusCode() == 200) {
            return mapper.readValue(response.body(), answer);
        }
        ChipError error;
        try {
            error = mapper.readValue(response.body(), ChipError.Envelope.class).error();
        } catch (RuntimeException notAnError) {
            error = null;
        }
        if (error == null) {
            error = new ChipError(ChipError.INTERNAL, null,
                    "HTTP " + response.statusCode() + " from " + path + " without a chip error body", null);
        }
        throw new ChipException(response.statusCode(), error, null);
    }

    private ChipException unavailable(String path, String why, Throwable cause) {
        return new ChipException(0,
                new ChipError(ChipException.UNAVAILABLE, null, "chip controller " + base + path + ": " + why, null),
                cause);
    }

    @Override
    public void close() {
        http.close();
    }
}
