package io.analogcomposer.worker.hardware;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.worker.hardware.chip.ChipRetry;
import io.analogcomposer.worker.hardware.chip.ChipSession;
import io.analogcomposer.worker.hardware.chip.FusionConductanceConverter;

/**
 * How the hardware worker reaches and uses its chip ({@code composer.worker.hardware.chip.*}, documented in the
 * module's README). Bad values stop the worker at start with the property's name, never mid-job.
 *
 * @param url the chip controller (the lab host's pcm-chip server, or the emulator)
 * @param requestTimeout longest wait for one chip request
 * @param gMaxUs conductance the largest |w| of each weight row is programmed to, 10..40 µS (Fusion's range)
 * @param reads reads averaged per device when reading back, 1..64
 * @param readback how read conductances become weights: {@code least_squares} (per-row fit, AIHWKit's Fusion
 *            import; absorbs a common drift) or {@code programming_scale} (drift left in)
 * @param maxIterations program-and-verify: verify reads per device, 1..1000
 * @param toleranceUs program-and-verify: accepted |read − target|, 0.01..5 µS
 * @param chunk devices per program/read request, 1..1048576 (a lost request costs one chunk)
 * @param retryAttempts tries per chip request while the controller is away (restart), 1..20
 * @param retryFirstBackoff wait before the second try (doubles each time)
 * @param retryMaxBackoff longest wait between tries
 * @param maxWait on a real chip (its clock cannot be advanced), the longest the worker waits for a later
 *            inference time; times further out are left out of the run's result. An emulated chip's clock is
 *            advanced instead.
 * @param token the controller's token, sent as {@code Authorization: Bearer} with every request; empty when the
 *            controller requires none (the standalone composer's emulated chip always does)
 */
@ConfigurationProperties("composer.worker.hardware.chip")
public record HardwareProperties(@DefaultValue("http://127.0.0.1:7070") URI url,
        @DefaultValue("2m") Duration requestTimeout, @DefaultValue("40") double gMaxUs, @DefaultValue("8") int reads,
        @DefaultValue("least_squares") String readback, @DefaultValue("20") int maxIterations,
        @DefaultValue("0.2") double toleranceUs, @DefaultValue("65536") int chunk,
        @DefaultValue("7") int retryAttempts, @DefaultValue("1s") Duration retryFirstBackoff,
        @DefaultValue("30s") Duration retryMaxBackoff, @DefaultValue("0s") Duration maxWait,
        @DefaultValue("") String token) {

    private static final String PREFIX = "composer.worker.hardware.chip.";

    public HardwareProperties {
        if (url == null || url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException(
                    PREFIX + "url must be an http(s) URL of the chip controller, was " + url);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(PREFIX + "request-timeout must be positive, was " + requestTimeout);
        }
        if (!(gMaxUs >= FusionConductanceConverter.MIN_G_MAX_US && gMaxUs <= FusionConductanceConverter.MAX_G_MAX_US)) {
            throw new IllegalArgumentException(PREFIX + "g-max-us must be 10..40 µS (the Fusion chip's range), was "
                    + gMaxUs);
        }
        if (reads < 1 || reads > 64) {
            throw new IllegalArgumentException(PREFIX + "reads must be 1..64, was " + reads);
        }
        readbackMode(readback);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "max-wait must be ≥ 0, was " + maxWait);
        }
        try {
            algorithmOf(maxIterations, toleranceUs);
        } catch (RuntimeException e) {
            // the message names the protocol's field; the cause is left out so this sentence is what a log shows
            throw new IllegalArgumentException(PREFIX + "max-iterations / tolerance-us: " + e.getMessage());
        }
        try {
            retryOf(retryAttempts, retryFirstBackoff, retryMaxBackoff);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + "retry-attempts / retry-*-backoff: " + e.getMessage());
        }
        if (chunk < 1 || chunk > 1 << 20) {
            throw new IllegalArgumentException(PREFIX + "chunk must be 1..1048576 devices, was " + chunk);
        }
    }

    private static FusionConductanceConverter.Readback readbackMode(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "least_squares" -> FusionConductanceConverter.Readback.LEAST_SQUARES;
            case "programming_scale" -> FusionConductanceConverter.Readback.PROGRAMMING_SCALE;
            default -> throw new IllegalArgumentException(
                    PREFIX + "readback must be least_squares or programming_scale, was " + value);
        };
    }

    private static ProgramAndVerify algorithmOf(int maxIterations, double toleranceUs) {
        return ProgramAndVerify.DEFAULT.withMaxIterations(maxIterations).withToleranceUs(toleranceUs);
    }

    private static ChipRetry retryOf(int attempts, Duration first, Duration max) {
        return new ChipRetry(attempts, first, max);
    }

    public FusionConductanceConverter converter() {
        return new FusionConductanceConverter(gMaxUs, readbackMode(readback));
    }

    public ProgramAndVerify algorithm() {
        return algorithmOf(maxIterations, toleranceUs);
    }

    public ChipRetry retry() {
        return retryOf(retryAttempts, retryFirstBackoff, retryMaxBackoff);
    }

    /** A session's chunk size, checked like {@link ChipSession#withChunk}. */
    public int chunkDevices() {
        return chunk;
    }
}
