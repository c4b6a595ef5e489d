package io.analogcomposer.chip.emulator;

import java.nio.file.Path;

import io.analogcomposer.chip.ChipGeometry;

/**
 * How to run one emulated chip.
 *
 * @param chipId reported by identify; a state file belongs to one chip id
 * @param geometry word lines × bit lines (Fusion: 512 × 2048)
 * @param seed fixes the chip's devices (variation, stuck devices) and every noise draw that follows
 * @param stateFile where the chip's state is kept across restarts; null keeps it in memory only
 * @param timeAcceleration how many chip seconds pass per wall-clock second (0 freezes the clock, so that only
 *            the emulator-only advance-time operation moves it, as deterministic tests want)
 * @param historyDepth program events kept per device (older ones are dropped; wear counters are kept forever)
 * @param physics device physics
 */
public record EmulatorConfig(String chipId, ChipGeometry geometry, long seed, Path stateFile,
        double timeAcceleration, int historyDepth, PcmPhysics physics) {

    public static final String FIRMWARE = "analog-composer-emulator/1.0";
    /** What the emulator says it is: one crossbar array shaped like IBM's Fusion chip, with its PCM physics. */
    public static final String MODEL = "Fusion-like PCM crossbar (emulated)";

    public EmulatorConfig {
        if (chipId == null || chipId.isBlank() || chipId.length() > 64) {
            throw new IllegalArgumentException("chip_id must be 1..64 characters, got " + chipId);
        }
        if (geometry == null) {
            throw new IllegalArgumentException("geometry is required");
        }
        if (geometry.devices() > 16L * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "geometry " + geometry.wordLines() + "×" + geometry.bitLines() + " has " + geometry.devices()
                            + " devices, allowed at most 16777216 (the emulator keeps every device in memory)");
        }
        if (!(timeAcceleration >= 0 && timeAcceleration <= 1e9)) {
            throw new IllegalArgumentException("time_acceleration is " + timeAcceleration + ", allowed 0..1e9");
        }
        if (historyDepth < 1 || historyDepth > 64) {
            throw new IllegalArgumentException("history_depth is " + historyDepth + ", allowed 1..64");
        }
        physics = physics == null ? PcmPhysics.DEFAULT : physics;
    }

    /** A Fusion-sized chip with the default physics, real-time clock, four events of history per device. */
    public static EmulatorConfig fusion(String chipId, long seed, Path stateFile) {
        return new EmulatorConfig(chipId, ChipGeometry.FUSION, seed, stateFile, 1.0, 4, PcmPhysics.DEFAULT);
    }

    public EmulatorConfig withGeometry(ChipGeometry value) {
        return new EmulatorConfig(chipId, value, seed, stateFile, timeAcceleration, historyDepth, physics);
    }

    public EmulatorConfig withTimeAcceleration(double value) {
        return new EmulatorConfig(chipId, geometry, seed, stateFile, value, historyDepth, physics);
    }

    public EmulatorConfig withPhysics(PcmPhysics value) {
        return new EmulatorConfig(chipId, geometry, seed, stateFile, timeAcceleration, historyDepth, value);
    }

    public EmulatorConfig withStateFile(Path value) {
        return new EmulatorConfig(chipId, geometry, seed, value, timeAcceleration, historyDepth, physics);
    }
}
