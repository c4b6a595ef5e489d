package io.analogcomposer.chip.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.protocol.AdvanceTimeRequest;
import io.analogcomposer.chip.protocol.ChipController;
import io.analogcomposer.chip.protocol.ChipError;
import io.analogcomposer.chip.protocol.ChipHealth;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.chip.protocol.ClockState;
import io.analogcomposer.chip.protocol.DeviceHistory;
import io.analogcomposer.chip.protocol.HistoryRequest;
import io.analogcomposer.chip.protocol.HistoryResult;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.protocol.ProgramEvent;
import io.analogcomposer.chip.protocol.ProgramRequest;
import io.analogcomposer.chip.protocol.ProgramResult;
import io.analogcomposer.chip.protocol.Protocol;
import io.analogcomposer.chip.protocol.ProtocolException;
import io.analogcomposer.chip.protocol.ReadRequest;
import io.analogcomposer.chip.protocol.ReadResult;
import io.analogcomposer.chip.protocol.ResetRequest;
import io.analogcomposer.chip.protocol.ResetResult;

/**
 * An emulated Fusion-like PCM chip: one device per address with its own state, programmed by iterative
 * program-and-verify, drifting from its own programming time, read with 1/f noise. Operations are serialised, as
 * on a real chip with one controller. Same seed and same sequence of requests at the same chip times give the same
 * answers.
 */
public final class EmulatedChip implements ChipController {

    private final EmulatorConfig config;
    private final PcmPhysics physics;
    private final ChipState state;
    private final ChipClock clock;
    /** Residual-variance tables per algorithm setting (see {@link #relaxationSigma}). */
    private final Map<ProgramAndVerify, double[]> residualVariance = new ConcurrentHashMap<>();

    public EmulatedChip(EmulatorConfig config) {
        this.config = config;
        this.physics = config.physics();
        try {
            if (config.stateFile() != null && Files.exists(config.stateFile())) {
                state = ChipState.load(config.stateFile());
                if (!state.chipId.equals(config.chipId()) || !state.geometry.equals(config.geometry())) {
                    throw new IllegalStateException("state file " + config.stateFile() + " belongs to chip "
                            + state.chipId + " (" + state.geometry.wordLines() + "×" + state.geometry.bitLines()
                            + "), not to the configured chip " + config.chipId() + " ("
                            + config.geometry().wordLines() + "×" + config.geometry().bitLines() + ")");
                }
                // A real chip keeps drifting while its controller is down: the clock resumes accordingly.
                double downS = Math.max(0, System.currentTimeMillis() - state.savedAtWallMillis) / 1000.0;
                clock = new ChipClock(state.chipTimeS + downS * config.timeAcceleration(),
                        config.timeAcceleration());
            } else {
                state = ChipState.manufacture(config);
                clock = new ChipClock(0, config.timeAcceleration());
                persist();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open chip state " + config.stateFile(), e);
        }
    }

    public ChipGeometry geometry() {
        return state.geometry;
    }

    @Override
    public ChipIdentity identity() {
        return new ChipIdentity(Protocol.VERSION, state.chipId, EmulatorConfig.FIRMWARE, state.geometry.wordLines(),
                state.geometry.bitLines(), physics.maxTargetUs(), ReadRequest.MAX_READS, true, EmulatorConfig.MODEL);
    }

    /**
     * Not serialised with the other operations: a liveness probe must not wait behind a minute-long programming of
     * the whole chip. The counts may then be mid-update, which a health report tolerates.
     */
    @Override
    public ChipHealth health() {
        long programmed = 0;
        long wornOut = 0;
        for (byte f : state.flags) {
            programmed += (f & ChipState.PROGRAMMED) != 0 ? 1 : 0;
            wornOut += (f & ChipState.WORN_OUT) != 0 ? 1 : 0;
        }
        String status = wornOut > 0 ? "degraded" : "ok";
        String detail = wornOut > 0 ? wornOut + " devices exceeded their endurance" : "";
        return new ChipHealth(status, detail, clock.nowS(), clock.acceleration(), state.nextOperationId - 1,
                programmed, wornOut);
    }

    // ---- program ----

    @Override
    public synchronized ProgramResult program(ProgramRequest request) {
        int[] addresses = request.addresses();
        float[] targets = request.targetsUs();
        checkAddresses(addresses);
        for (int k = 0; k < targets.length; k++) {
            if (targets[k] > physics.maxTargetUs()) {
                throw ProtocolException.outOfRange("targets_us[" + k + "]", targets[k],
                        "0.0.." + physics.maxTargetUs() + " µS");
            }
        }
        ProgramAndVerify algorithm = request.algorithm();
        double[] residual = residualVariance.computeIfAbsent(algorithm, this::calibrateResidual);
        SplittableRandom random = nextNoise();
        double now = clock.nowS();
        long operationId = state.recordOperation(now);
        float[] verified = new float[addresses.length];
        int[] iterations = new int[addresses.length];
        List<Integer> failed = new ArrayList<>();
        long pulses = 0;
        for (int k = 0; k < addresses.length; k++) {
            int a = addresses[k];
            double target = targets[k];
            double start = algorithm.resetFirst() ? physics.resetUs() : conductanceAt(a, now);
            Loop loop = runLoop(target, start, a, state.gain[a], state.saturationUs[a], algorithm, random);
            pulses += loop.pulses;
            if (!state.stuck(a)) {
                double relaxed = loop.conductance + relaxationSigma(residual, target) * random.nextGaussian();
                state.programmedUs[a] = (float) Math.max(0, relaxed);
                state.nu[a] = (float) drawNu(target, random);
                state.programmedAtS[a] = now;
            } else {
                // Stuck or worn out: the device keeps its stuck conductance and does not drift.
                state.nu[a] = 0f;
            }
            state.flags[a] |= ChipState.PROGRAMMED;
            state.programOperations[a]++;
            state.recordEvent(a, operationId, (float) target, (float) loop.lastRead, loop.iterations,
                    loop.converged);
            verified[k] = (float) loop.lastRead;
            iterations[k] = loop.iterations;
            if (!loop.converged) {
                failed.add(a);
            }
        }
        persist();
        return new ProgramResult(operationId, now, verified, iterations,
                failed.stream().mapToInt(Integer::intValue).toArray(), pulses);
    }

    /** The outcome of one device's program-and-verify loop. */
    private record Loop(double conductance, double lastRead, int iterations, boolean converged, int pulses) {}

    /**
     * One device's program-and-verify loop. {@code address} is −1 for the virtual devices of the calibration,
     * which neither wear nor stick.
     */
    private Loop runLoop(double target, double start, int address, double gain, double saturation,
            ProgramAndVerify algorithm, SplittableRandom random) {
        boolean real = address >= 0;
        boolean frozen = real && state.stuck(address);
        double g = frozen ? state.programmedUs[address] : start;
        int pulses = 0;
        if (algorithm.resetFirst()) {
            pulses++;
            if (real && wearOnePulse(address)) {
                frozen = true;
                g = physics.resetUs();
            }
        }
        double pulseSigma = physics.pulseNoiseFraction() * physics.progNoiseScale() * physics.sigmaProg(target);
        double read = 0;
        int iteration = 0;
        boolean converged = false;
        while (iteration < algorithm.maxIterations()) {
            iteration++;
            read = verifyRead(g, algorithm.verifyReads(), random);
            if (Math.abs(read - target) <= algorithm.toleranceUs()) {
                converged = true;
                break;
            }
            if (iteration == algorithm.maxIterations()) {
                break;
            }
            pulses++;
            // Pulses sent to a stuck device wear it all the same: the controller cannot tell it is stuck.
            if (real && wearOnePulse(address)) {
                frozen = true;
                g = physics.resetUs();
                continue;
            }
            if (!frozen) {
                double step = gain * algorithm.stepGain() * (target - read) + pulseSigma * random.nextGaussian();
                g = Math.min(Math.max(g + step, 0), saturation);
            }
        }
        return new Loop(g, read, iteration, converged, pulses);
    }

    /** Counts one pulse; true when the device has just worn out (it then stays at RESET). */
    private boolean wearOnePulse(int address) {
        if (state.pulses[address] < Integer.MAX_VALUE) {
            state.pulses[address]++;
        }
        if (state.pulses[address] >= physics.endurancePulses() && (state.flags[address] & ChipState.WORN_OUT) == 0) {
            state.flags[address] |= ChipState.WORN_OUT;
            state.programmedUs[address] = (float) physics.resetUs();
            return true;
        }
        return false;
    }

    /**
     * A verify read right after a pulse: the 1/f amplitude q_s over about one decade of frequency (log factor 1),
     * averaged over the verify reads, which are treated as independent at this time scale.
     */
    private double verifyRead(double g, int reads, SplittableRandom random) {
        double sigma = physics.readNoiseScale() * physics.readNoiseAmplitude(g) * Math.abs(g) / Math.sqrt(reads);
        return physics.quantize(Math.max(0, g + sigma * random.nextGaussian()));
    }

    /**
     * The verify loop leaves each device within about the tolerance of its target; PCM then relaxes structurally
     * in the seconds after programming, which is where most of the programming error of the PCM model (measured
     * at the first read) comes from. The relaxation's variance is what the loop leaves to reach σ_prog(target)² in
     * total, so the emulator reproduces the model for any sensible algorithm setting, and a sloppy tolerance makes
     * programming worse than the model, as it should.
     */
    private double relaxationSigma(double[] residual, double target) {
        double sigma = physics.progNoiseScale() * physics.sigmaProg(target);
        double variance = sigma * sigma - interpolate(residual, target);
        return variance > 0 ? Math.sqrt(variance) : 0;
    }

    private static final int CALIBRATION_DEVICES = 400;
    private static final double CALIBRATION_STEP_US = 1.0;

    /** Monte-Carlo estimate of E[(g_loop − target)²] on a 1 µS grid of targets, with a fixed seed. */
    private double[] calibrateResidual(ProgramAndVerify algorithm) {
        int points = (int) Math.ceil(physics.maxTargetUs() / CALIBRATION_STEP_US) + 1;
        double[] table = new double[points];
        SplittableRandom random = new SplittableRandom(0x5eed_ca1bL ^ state.seed);
        for (int p = 0; p < points; p++) {
            double target = Math.min(p * CALIBRATION_STEP_US, physics.maxTargetUs());
            double sum = 0;
            for (int d = 0; d < CALIBRATION_DEVICES; d++) {
                double gain = Math.max(0.05, 1 + physics.gainSpread() * random.nextGaussian());
                double saturation = physics.saturationMeanUs() + physics.saturationStdUs() * random.nextGaussian();
                Loop loop = runLoop(target, physics.resetUs(), -1, gain, Math.max(saturation, target), algorithm,
                        random);
                double error = loop.conductance - target;
                sum += error * error;
            }
            table[p] = sum / CALIBRATION_DEVICES;
        }
        return table;
    }

    private static double interpolate(double[] table, double target) {
        double x = Math.max(target, 0) / CALIBRATION_STEP_US;
        int i = (int) Math.floor(x);
        if (i >= table.length - 1) {
            return table[table.length - 1];
        }
        double f = x - i;
        return table[i] * (1 - f) + table[i + 1] * f;
    }

    private double drawNu(double target, SplittableRandom random) {
        double nu = Math.abs(physics.nuMean(target) + physics.nuStd(target) * random.nextGaussian());
        return nu * physics.driftScale();
    }

    // ---- read ----

    @Override
    public synchronized ReadResult read(ReadRequest request) {
        int[] addresses = request.addresses();
        checkAddresses(addresses, false);
        int reads = request.reads();
        SplittableRandom random = nextNoise();
        double now = clock.nowS();
        float[] values = new float[addresses.length];
        for (int k = 0; k < addresses.length; k++) {
            int a = addresses[k];
            double since = now - state.programmedAtS[a];
            double programmed = state.programmedUs[a];
            double drifted = programmed * physics.driftFactor(since, state.nu[a]);
            double sigma = physics.readNoiseScale() * physics.readNoiseAmplitude(programmed)
                    * Math.sqrt(physics.readNoiseLogFactor(since, reads));
            double g = Math.max(0, drifted + Math.abs(drifted) * sigma * random.nextGaussian());
            values[k] = (float) physics.quantize(g);
        }
        return new ReadResult(values, reads, now);
    }

    /** The noiseless drifted conductance, the starting point of an incremental (no RESET) programming. */
    private double conductanceAt(int address, double now) {
        return state.programmedUs[address]
                * physics.driftFactor(now - state.programmedAtS[address], state.nu[address]);
    }

    // ---- reset ----

    @Override
    public synchronized ResetResult reset(ResetRequest request) {
        int[] addresses = request.addresses();
        if (addresses != null) {
            checkAddresses(addresses, false);
        }
        SplittableRandom random = nextNoise();
        double now = clock.nowS();
        long operationId = state.recordOperation(now);
        int count = addresses == null ? state.devices : addresses.length;
        for (int k = 0; k < count; k++) {
            int a = addresses == null ? k : addresses[k];
            wearOnePulse(a);
            state.resets[a]++;
            if (!state.stuck(a)) {
                state.programmedUs[a] = (float) physics.resetUs();
                state.nu[a] = (float) drawNu(0, random);
                state.programmedAtS[a] = now;
            }
            state.flags[a] &= ~ChipState.PROGRAMMED;
        }
        persist();
        return new ResetResult(operationId, count, now);
    }

    // ---- history ----

    @Override
    public synchronized HistoryResult history(HistoryRequest request) {
        int[] addresses = request.addresses();
        checkAddresses(addresses, false);
        List<DeviceHistory> devices = new ArrayList<>(addresses.length);
        int depth = state.historyDepth;
        for (int a : addresses) {
            List<ProgramEvent> events = new ArrayList<>(depth);
            for (int j = 0; j < depth; j++) {
                int slot = a * depth + (state.historyNext[a] + j) % depth;
                int operation = state.historyOperation[slot];
                if (operation == 0) {
                    continue;
                }
                short iterations = state.historyIterations[slot];
                events.add(new ProgramEvent(operation, state.operationTime(operation), state.historyTargetUs[slot],
                        state.historyVerifiedUs[slot], Math.abs(iterations), iterations > 0));
            }
            devices.add(new DeviceHistory(a, a / state.geometry.bitLines(), a % state.geometry.bitLines(),
                    Integer.toUnsignedLong(state.pulses[a]), state.programOperations[a], state.resets[a],
                    (state.flags[a] & ChipState.WORN_OUT) != 0, events));
        }
        return new HistoryResult(devices);
    }

    // ---- emulator-only ----

    @Override
    public synchronized ClockState advanceTime(AdvanceTimeRequest request) {
        clock.advance(request.seconds());
        persist();
        return new ClockState(clock.nowS());
    }

    /** Writes the state file now (also done after every operation that changes the chip). */
    public synchronized void persist() {
        if (config.stateFile() == null) {
            return;
        }
        state.chipTimeS = clock.nowS();
        state.savedAtWallMillis = System.currentTimeMillis();
        try {
            state.save(config.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chip state " + config.stateFile(), e);
        }
    }

    // ---- helpers ----

    private SplittableRandom nextNoise() {
        state.noiseCounter++;
        return new SplittableRandom(state.seed * 0x9E37_79B9_7F4A_7C15L + state.noiseCounter);
    }

    private void checkAddresses(int[] addresses) {
        checkAddresses(addresses, true);
    }

    /**
     * Every address on the chip; for programming also no address twice, because two targets for one device in
     * one request have no defined outcome.
     */
    private void checkAddresses(int[] addresses, boolean unique) {
        int devices = state.devices;
        for (int k = 0; k < addresses.length; k++) {
            int a = addresses[k];
            if (a < 0 || a >= devices) {
                throw ProtocolException.outOfRange("addresses[" + k + "]", a, "0.." + (devices - 1)
                        + " (word_line × " + state.geometry.bitLines() + " + bit_line)");
            }
        }
        if (unique) {
            int[] firstSeen = new int[devices];
            for (int k = 0; k < addresses.length; k++) {
                int a = addresses[k];
                if (firstSeen[a] != 0) {
                    throw new ProtocolException(new ChipError(ChipError.DUPLICATE_ADDRESS, "addresses[" + k + "]",
                            "address " + a + " (word line " + a / state.geometry.bitLines() + ", bit line "
                                    + a % state.geometry.bitLines() + ") appears at positions " + (firstSeen[a] - 1)
                                    + " and " + k + "; program each device once per request",
                            null));
                }
                firstSeen[a] = k + 1;
            }
        }
    }
}
