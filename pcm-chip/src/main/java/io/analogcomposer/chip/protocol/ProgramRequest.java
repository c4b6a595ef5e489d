package io.analogcomposer.chip.protocol;

/**
 * Program devices to target conductances. {@code addresses} are linear addresses
 * ({@code word_line × bit_lines + bit_line}), {@code targetsUs} the targets in µS, both sent as base64
 * little-endian arrays of the same length; the chip-dependent checks (address range, largest target, duplicates)
 * are the controller's.
 */
public record ProgramRequest(int[] addresses, float[] targetsUs, ProgramAndVerify algorithm) {

    public ProgramRequest {
        Addresses.requireNonEmpty("addresses", addresses);
        if (targetsUs == null) {
            throw ProtocolException.missing("targets_us");
        }
        if (targetsUs.length != addresses.length) {
            throw ProtocolException.malformed("targets_us", "has " + targetsUs.length
                    + " values but addresses has " + addresses.length + ": one target per address");
        }
        for (int i = 0; i < targetsUs.length; i++) {
            if (!(targetsUs[i] >= 0f) || Float.isInfinite(targetsUs[i])) {
                throw ProtocolException.outOfRange("targets_us[" + i + "]", targetsUs[i],
                        "a finite conductance ≥ 0 µS");
            }
        }
        algorithm = algorithm == null ? ProgramAndVerify.DEFAULT : algorithm;
    }

    public ProgramRequest(int[] addresses, float[] targetsUs) {
        this(addresses, targetsUs, null);
    }
}
