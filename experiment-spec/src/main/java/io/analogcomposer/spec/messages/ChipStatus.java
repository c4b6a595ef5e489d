package io.analogcomposer.spec.messages;

import java.time.Instant;

/**
 * The PCM chip a hardware worker drives, as the worker last found it; it travels in the worker's announcements so
 * that the API can show users which chip their hardware runs will be programmed on, and whether it answers, before
 * they submit. Only what the chip says about itself: the chip's network address stays on the lab host.
 *
 * @param chipId the chip's id as it identifies itself; null when it has never answered this worker
 * @param model what kind of chip, for people (null when the controller does not say)
 * @param firmwareVersion the controller's firmware, or the emulator's version for an emulated chip
 * @param emulated whether the chip is the emulator
 * @param tiles crossbar arrays on the chip (the Fusion chip is one)
 * @param wordLines word lines of one crossbar array (rows)
 * @param bitLines bit lines of one crossbar array (columns)
 * @param online whether the chip answered the worker's last check
 * @param detail why the chip is offline, or its own health remark (e.g. worn-out devices); empty when all is well
 * @param checkedAt when the worker last checked
 */
public record ChipStatus(String chipId, String model, String firmwareVersion, boolean emulated, int tiles,
        int wordLines, int bitLines, boolean online, String detail, Instant checkedAt) {

    public ChipStatus {
        if (tiles < 0 || wordLines < 0 || bitLines < 0) {
            throw new IllegalArgumentException("tiles, word_lines and bit_lines cannot be negative, were " + tiles
                    + ", " + wordLines + " and " + bitLines);
        }
        detail = detail == null ? "" : detail;
    }

    /** Devices on the chip (0 when it has never identified itself). */
    public long devices() {
        return (long) tiles * wordLines * bitLines;
    }
}
