package io.analogcomposer.worker.hardware.chip;

import java.util.List;

/**
 * What a hardware run reports about the chip side, beside the accuracy the engine measures: which chip, when,
 * how much of it, and how well the conductances were programmed (with data for a target-vs-programmed scatter and
 * an error histogram).
 */
public record HardwareProgrammingReport(String chipId, String firmwareVersion, String protocolVersion,
        boolean emulated, double programmedAtS, double readAtS, int reads, int layers, long devicesUsed,
        double utilisation, long pulses, ProgrammingStatistics statistics, List<String> failedAddressesSample) {

    /** At most this many failed addresses are listed (as "word_line:bit_line"). */
    public static final int FAILED_SAMPLE = 100;

    public static HardwareProgrammingReport of(ChipSession session, ProgrammedConductances programmed,
            ConductanceReadback readback) {
        var identity = session.identity();
        int bitLines = identity.bitLines();
        List<String> failed = programmed.failedAddresses().stream().limit(FAILED_SAMPLE)
                .mapToObj(a -> (a / bitLines) + ":" + (a % bitLines)).toList();
        return new HardwareProgrammingReport(identity.chipId(), identity.firmwareVersion(),
                identity.protocolVersion(), identity.emulated(), programmed.programmedAtS(), readback.readAtS(),
                readback.reads(), programmed.placement().layers().size(), programmed.placement().usedDevices(),
                programmed.placement().utilisation(), programmed.pulses(), readback.statistics(), failed);
    }
}
