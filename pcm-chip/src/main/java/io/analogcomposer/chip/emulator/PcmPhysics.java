package io.analogcomposer.chip.emulator;

/**
 * The device physics of the emulated chip. Programming noise, drift exponents and 1/f read noise follow AIHWKit's
 * {@code PCMLikeNoiseModel} (src/aihwkit/inference/noise/pcm.py, fitted on PCM devices by Nandakumar et al., ICECS
 * 2019), whose statistics measured with AIHWKit 1.0.0 are in {@code test-support/src/main/resources/reference/aihwkit/pcm_noise_stats.json};
 * the test suite checks the emulator against that file. The remaining parameters (stuck devices, device-to-device
 * spread, saturation, RESET level, endurance) are not in that model: they are our assumptions, documented per field.
 *
 * @param referenceGUs the conductance the fits are normalised to (AIHWKit's g_max of 25 µS); targets above it use
 *            the fitted values at 25 µS, because the fit has no data beyond
 * @param progCoeff programming-noise polynomial σ_prog = c0 + c1·x + c2·x² µS with x = g_target / referenceGUs
 * @param progNoiseScale multiplies σ_prog (AIHWKit's prog_noise_scale)
 * @param pulseNoiseFraction noise of one partial SET/RESET pulse, as a fraction of σ_prog(target)
 * @param t0S drift reference time: drift counts from t0 after programming (AIHWKit t_0 = 20 s)
 * @param tReadS duration of one read, the 1/f fit's t_read (AIHWKit 250 ns)
 * @param driftScale multiplies every drift exponent (AIHWKit's drift_scale)
 * @param readNoiseScale multiplies the 1/f read noise (AIHWKit's read_noise_scale)
 * @param stuckFraction fraction of devices stuck from manufacture, half at RESET, half at SET (assumption: 0.05 %)
 * @param gainSpread device-to-device relative spread (std) of the conductance change per pulse (assumption: 20 %)
 * @param saturationMeanUs mean of each device's highest reachable conductance (assumption: 50 µS, so that nearly
 *            every device reaches the Fusion converter's largest g_max of 40 µS)
 * @param saturationStdUs device-to-device std of the saturation conductance (assumption: 4 µS)
 * @param resetUs conductance of the fully RESET (amorphous) state (assumption: 0.02 µS)
 * @param endurancePulses pulses after which a device wears out and stays at RESET (assumption: 1e7)
 * @param readLsbUs resolution of the read-out: 0.0308070475656172 µS is the step between the distinct values of the
 *            real Fusion CSV sample (every value there is an integer multiple of it); 0 disables quantisation
 * @param maxTargetUs largest target conductance accepted: 40 µS, the top of the Fusion converter's g_max range
 */
public record PcmPhysics(double referenceGUs, double[] progCoeff, double progNoiseScale, double pulseNoiseFraction,
        double t0S, double tReadS, double driftScale, double readNoiseScale, double stuckFraction, double gainSpread,
        double saturationMeanUs, double saturationStdUs, double resetUs, long endurancePulses, double readLsbUs,
        double maxTargetUs) {

    /** AIHWKit PCMLikeNoiseModel defaults plus our documented assumptions. */
    public static final PcmPhysics DEFAULT = new PcmPhysics(25.0, new double[]{0.26348, 1.9650, -1.1731}, 1.0, 0.5,
            20.0, 250e-9, 1.0, 1.0, 0.0005, 0.2, 50.0, 4.0, 0.02, 10_000_000L, 0.0308070475656172, 40.0);

    public PcmPhysics {
        require(referenceGUs > 0, "reference_g_us", referenceGUs, "> 0");
        if (progCoeff == null || progCoeff.length == 0) {
            throw new IllegalArgumentException("prog_coeff needs at least one coefficient");
        }
        progCoeff = progCoeff.clone();
        require(progNoiseScale >= 0, "prog_noise_scale", progNoiseScale, "≥ 0");
        require(pulseNoiseFraction >= 0 && pulseNoiseFraction <= 2, "pulse_noise_fraction", pulseNoiseFraction,
                "0..2");
        require(t0S > 0, "t0_s", t0S, "> 0");
        require(tReadS > 0 && tReadS < 1, "t_read_s", tReadS, "0..1 s (exclusive)");
        require(driftScale >= 0, "drift_scale", driftScale, "≥ 0");
        require(readNoiseScale >= 0, "read_noise_scale", readNoiseScale, "≥ 0");
        require(stuckFraction >= 0 && stuckFraction <= 1, "stuck_fraction", stuckFraction, "0..1");
        require(gainSpread >= 0 && gainSpread < 0.5, "gain_spread", gainSpread, "0..0.5 (exclusive)");
        require(saturationMeanUs > 0, "saturation_mean_us", saturationMeanUs, "> 0");
        require(saturationStdUs >= 0, "saturation_std_us", saturationStdUs, "≥ 0");
        require(resetUs >= 0, "reset_us", resetUs, "≥ 0");
        require(endurancePulses >= 1, "endurance_pulses", endurancePulses, "≥ 1");
        require(readLsbUs >= 0, "read_lsb_us", readLsbUs, "≥ 0");
        require(maxTargetUs > 0, "max_target_us", maxTargetUs, "> 0");
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("physics." + field + " is " + value + ", allowed " + allowed);
        }
    }

    /** The programming-noise std (µS) for a target, before {@link #progNoiseScale}. */
    public double sigmaProg(double targetUs) {
        double x = Math.min(Math.max(targetUs, 0) / referenceGUs, 1.0);
        double sigma = 0;
        double power = 1;
        for (double c : progCoeff) {
            sigma += c * power;
            power *= x;
        }
        return Math.max(sigma, 0);
    }

    /** Mean of the drift exponent's distribution for a target (AIHWKit: clipped log fit in g/g_max). */
    public double nuMean(double targetUs) {
        double r = Math.max(Math.abs(targetUs) / referenceGUs, 1e-7);
        return clip(-0.0155 * Math.log(r) + 0.0244, 0.049, 0.1);
    }

    /** Std of the drift exponent's distribution for a target. */
    public double nuStd(double targetUs) {
        double r = Math.max(Math.abs(targetUs) / referenceGUs, 1e-7);
        return clip(-0.0125 * Math.log(r) - 0.0059, 0.008, 0.045);
    }

    /** Relative 1/f noise amplitude q_s, computed from the programmed conductance as AIHWKit does. */
    public double readNoiseAmplitude(double programmedUs) {
        double r = Math.pow(Math.abs(programmedUs) / referenceGUs, 0.65);
        return Math.min(0.2, 0.0088 / Math.max(r, 1e-3));
    }

    /**
     * The log factor of the 1/f noise variance for {@code reads} averaged reads made {@code sinceProgrammingS}
     * after programming. The slow part, from frequencies between 1/t and 1/(reads·t_read), is common to all the
     * reads; the fast part, ln(reads), is averaged down by the reads. For one read this is exactly AIHWKit's
     * ln((t + t_read) / (2·t_read)) with t = t_inference + t0.
     */
    public double readNoiseLogFactor(double sinceProgrammingS, int reads) {
        double t = Math.max(sinceProgrammingS, 0) + t0S;
        double window = reads * tReadS;
        double slow = Math.log((t + window) / (2 * window));
        double fast = Math.log(reads) / reads;
        return Math.max(slow, 0) + fast;
    }

    /** The drift factor (t/t0)^(−ν) with t = time since programming + t0. */
    public double driftFactor(double sinceProgrammingS, double nu) {
        if (sinceProgrammingS <= 0) {
            return 1.0;
        }
        return Math.pow((sinceProgrammingS + t0S) / t0S, -nu);
    }

    public double quantize(double us) {
        return readLsbUs > 0 ? Math.rint(us / readLsbUs) * readLsbUs : us;
    }

    private static double clip(double value, double lo, double hi) {
        return Math.min(Math.max(value, lo), hi);
    }

    public PcmPhysics withStuckFraction(double value) {
        return new PcmPhysics(referenceGUs, progCoeff, progNoiseScale, pulseNoiseFraction, t0S, tReadS, driftScale,
                readNoiseScale, value, gainSpread, saturationMeanUs, saturationStdUs, resetUs, endurancePulses,
                readLsbUs, maxTargetUs);
    }

    public PcmPhysics withEndurancePulses(long value) {
        return new PcmPhysics(referenceGUs, progCoeff, progNoiseScale, pulseNoiseFraction, t0S, tReadS, driftScale,
                readNoiseScale, stuckFraction, gainSpread, saturationMeanUs, saturationStdUs, resetUs, value,
                readLsbUs, maxTargetUs);
    }

    public PcmPhysics withReadLsbUs(double value) {
        return new PcmPhysics(referenceGUs, progCoeff, progNoiseScale, pulseNoiseFraction, t0S, tReadS, driftScale,
                readNoiseScale, stuckFraction, gainSpread, saturationMeanUs, saturationStdUs, resetUs,
                endurancePulses, value, maxTargetUs);
    }
}
