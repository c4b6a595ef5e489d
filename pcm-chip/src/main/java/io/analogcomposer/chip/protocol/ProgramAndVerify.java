package io.analogcomposer.chip.protocol;

/**
 * The program-and-verify algorithm a controller runs for every address of a program request: optionally start
 * from a full RESET, then repeat "verify read, and if the read is off target by more than the tolerance, apply a
 * partial SET (below target) or partial RESET (above) pulse sized to remove {@code stepGain} of the error" until
 * the read is within tolerance or {@code maxIterations} verify reads were made. Absent JSON fields take the
 * defaults below.
 *
 * @param maxIterations verify reads allowed per device, 1..1000 (default 20)
 * @param toleranceUs accepted |read − target| in µS, 0.01..5 (default 0.2)
 * @param stepGain fraction of the remaining error one pulse aims to remove, 0.05..1.5 (default 1.0)
 * @param verifyReads reads averaged in every verify step, 1..64 (default 4)
 * @param resetFirst start every device from a full RESET (default true); false programs incrementally from the
 *            present state, which saves pulses but cannot undo an earlier overshoot as precisely
 */
public record ProgramAndVerify(Integer maxIterations, Double toleranceUs, Double stepGain, Integer verifyReads,
        Boolean resetFirst) {

    public static final ProgramAndVerify DEFAULT = new ProgramAndVerify(null, null, null, null, null);

    public ProgramAndVerify {
        maxIterations = maxIterations == null ? 20 : maxIterations;
        toleranceUs = toleranceUs == null ? 0.2 : toleranceUs;
        stepGain = stepGain == null ? 1.0 : stepGain;
        verifyReads = verifyReads == null ? 4 : verifyReads;
        resetFirst = resetFirst == null ? Boolean.TRUE : resetFirst;
        if (maxIterations < 1 || maxIterations > 1000) {
            throw ProtocolException.outOfRange("algorithm.max_iterations", maxIterations, "1..1000");
        }
        if (!(toleranceUs >= 0.01 && toleranceUs <= 5.0)) {
            throw ProtocolException.outOfRange("algorithm.tolerance_us", toleranceUs, "0.01..5.0 µS");
        }
        if (!(stepGain >= 0.05 && stepGain <= 1.5)) {
            throw ProtocolException.outOfRange("algorithm.step_gain", stepGain, "0.05..1.5");
        }
        if (verifyReads < 1 || verifyReads > 64) {
            throw ProtocolException.outOfRange("algorithm.verify_reads", verifyReads, "1..64");
        }
    }

    public ProgramAndVerify withMaxIterations(int value) {
        return new ProgramAndVerify(value, toleranceUs, stepGain, verifyReads, resetFirst);
    }

    public ProgramAndVerify withToleranceUs(double value) {
        return new ProgramAndVerify(maxIterations, value, stepGain, verifyReads, resetFirst);
    }

    public ProgramAndVerify withResetFirst(boolean value) {
        return new ProgramAndVerify(maxIterations, toleranceUs, stepGain, verifyReads, value);
    }
}
