package io.analogcomposer.engine.analog.io;

/**
 * Non-idealities of one analog matrix-vector product (AIHWKit's {@code IOParameters}, same names in snake_case on the
 * wire and the same defaults). Resolutions follow AIHWKit: a value above 1 is a number of steps, a value in (0, 1] is
 * the step as a fraction of the full range {@code 2·bound}, and a value ≤ 0 turns quantization off; the 7-bit DAC is
 * {@code 1/(2^7−2) = 1/126}.
 *
 * @param isPerfect           exact floating-point product, every non-ideality off
 * @param mvType              one pass or separate positive/negative passes
 * @param inpBound            DAC input range (must be 1 with noise management)
 * @param inpNoise            Gaussian noise added to each DAC value (in input-range units)
 * @param inpRes              DAC resolution
 * @param inpStoRound         stochastic rounding of the DAC
 * @param inpAsymmetry        negative inputs are scaled by {@code 1 − inp_asymmetry}
 * @param outBound            ADC range (the output saturates at ±out_bound); ≤ 0 means unbounded
 * @param outNoise            Gaussian output noise std (in units of a full weight times a full input)
 * @param outNoiseStd         column-to-column relative spread of {@code out_noise}
 * @param outRes              ADC resolution
 * @param outStoRound         stochastic rounding of the ADC
 * @param outScale            digital factor applied to every output
 * @param outAsymmetry        negative outputs are scaled by {@code 1 − out_asymmetry}
 * @param boundManagement     what to do when the ADC saturates
 * @param noiseManagement     input scaling strategy
 * @param wNoise              short-term weight noise strength
 * @param wNoiseType          form of the weight noise
 * @param irDrop              IR-drop strength (0 off, 1 the nominal wire resistance)
 * @param irDropGRatio        wire conductance over g_max
 * @param outNonlinearity     S-shaped output non-linearity strength (relative to out_bound)
 * @param outNonlinearityStd  column-to-column relative spread of the non-linearity
 * @param slopeCalibration    how far the non-linearity's slope at 0 is calibrated back to 1
 * @param maxBmFactor         largest input reduction of bound management
 * @param maxBmRes            bound management stops when the reduced input step would exceed this
 * @param bmTestNegativeBound whether saturation at −out_bound also triggers bound management
 * @param nmThres             cap of the abs-max scale (or the constant scale), ≤ 0 for none
 * @param vOffsetStd          std of each output line's voltage offset v ≥ 0 (drawn once per tile): the coding
 *                            device's current is read as (1 − v) times its value, the reference's as (1 + v)
 * @param vOffsetWMin         weight of the implicit reference device (0: none, −1: a differential pair)
 * @param rSeries             series resistance, as a fraction of the output current: y / (1 + r_series·|y|)
 * @param wReadAsymmetryDtod  device-to-device spread of the weight seen by negative inputs, w·(1 + f_ij) with
 *                            f_ij ~ N(0, dtod²) (two-pass MVMs only, as in AIHWKit)
 */
public record IOParameters(boolean isPerfect, AnalogMvType mvType, double inpBound, double inpNoise, double inpRes,
        boolean inpStoRound, double inpAsymmetry, double outBound, double outNoise, double outNoiseStd, double outRes,
        boolean outStoRound, double outScale, double outAsymmetry, BoundManagement boundManagement,
        NoiseManagement noiseManagement, double wNoise, WeightNoiseType wNoiseType, double irDrop, double irDropGRatio,
        double outNonlinearity, double outNonlinearityStd, double slopeCalibration, int maxBmFactor, double maxBmRes,
        boolean bmTestNegativeBound, double nmThres, double vOffsetStd, double vOffsetWMin, double rSeries,
        double wReadAsymmetryDtod) {

    /** AIHWKit's defaults: 7-bit DAC, 9-bit ADC with bound 12, output noise 0.06, abs-max NM, iterative BM. */
    public static final IOParameters DEFAULT = new IOParameters(false, AnalogMvType.ONE_PASS, 1.0, 0.0, 1.0 / 126,
            false, 0.0, 12.0, 0.06, 0.0, 1.0 / 510, false, 1.0, 0.0, BoundManagement.ITERATIVE,
            NoiseManagement.ABS_MAX, 0.0, WeightNoiseType.NONE, 0.0, 1.0 / 0.35 / 5e-6, 0.0, 0.0, 0.0, 1000, 0.25,
            true, 0.0, 0.0, -1.0, 0.0, 0.0);

    /** An exact floating-point MVM. */
    public static final IOParameters PERFECT = DEFAULT.toBuilder().isPerfect(true).build();

    /** Validates ranges and combinations; messages name the field, the value and what is allowed. */
    public IOParameters {
        if (mvType == null || boundManagement == null || noiseManagement == null || wNoiseType == null) {
            throw new IllegalArgumentException("forward: mv_type, bound_management, noise_management and w_noise_type "
                    + "must be set");
        }
        nonNegative("inp_noise", inpNoise);
        nonNegative("out_noise", outNoise);
        nonNegative("out_noise_std", outNoiseStd);
        nonNegative("w_noise", wNoise);
        nonNegative("ir_drop", irDrop);
        nonNegative("out_nonlinearity", outNonlinearity);
        nonNegative("out_nonlinearity_std", outNonlinearityStd);
        nonNegative("slope_calibration", slopeCalibration);
        nonNegative("v_offset_std", vOffsetStd);
        nonNegative("r_series", rSeries);
        nonNegative("w_read_asymmetry_dtod", wReadAsymmetryDtod);
        if (!(vOffsetWMin >= -1 && vOffsetWMin <= 0)) {
            throw new IllegalArgumentException("forward.v_offset_w_min must be in [-1, 0], got " + vOffsetWMin);
        }
        finite("inp_bound", inpBound);
        finite("out_bound", outBound);
        finite("inp_res", inpRes);
        finite("out_res", outRes);
        finite("out_scale", outScale);
        finite("nm_thres", nmThres);
        if (!(irDropGRatio > 0)) {
            throw new IllegalArgumentException("forward.ir_drop_g_ratio must be > 0, got " + irDropGRatio);
        }
        if (inpAsymmetry < 0 || inpAsymmetry > 1 || outAsymmetry < 0 || outAsymmetry > 1) {
            throw new IllegalArgumentException("forward.inp_asymmetry and out_asymmetry must be in [0, 1], got "
                    + inpAsymmetry + " and " + outAsymmetry);
        }
        if (maxBmFactor < 1) {
            throw new IllegalArgumentException("forward.max_bm_factor must be >= 1, got " + maxBmFactor);
        }
        if (!(maxBmRes > 0)) {
            throw new IllegalArgumentException("forward.max_bm_res must be > 0, got " + maxBmRes);
        }
        if (!isPerfect && noiseManagement != NoiseManagement.NONE && inpBound != 1.0) {
            throw new IllegalArgumentException("forward.inp_bound must be 1 when noise_management is "
                    + noiseManagement + " (inputs are scaled to [-1, 1]), got " + inpBound);
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("forward." + field + " must be finite and >= 0, got " + v);
        }
    }

    private static void finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("forward." + field + " must be finite, got " + v);
        }
    }

    /** The quantization step for a resolution over {@code [-bound, bound]}, or 0 for none (AIHWKit convention). */
    public static double step(double res, double bound) {
        float r = res < 0 ? 0f : (float) res;
        r = r > 1 ? 1f / r : r;
        // float32 products in AIHWKit's order (res * (2 * bound)), so our rounding grid is exactly the C++ tile's
        return bound > 0 ? r * (2f * (float) bound) : 0;
    }

    /** Whether voltage offsets or a series resistance act on the outputs (AIHWKit's hasVoltageOffsets). */
    public boolean hasVoltageOffsets() {
        return vOffsetStd > 0 || rSeries > 0;
    }

    /** The DAC step in input units (0 when the DAC is not quantized). */
    public double inputStep() {
        return step(inpRes, inpBound);
    }

    /** The ADC step in output units (0 when the ADC is not quantized). */
    public double outputStep() {
        return step(outRes, outBound);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy for changing a few fields of a preset. */
    public static final class Builder {
        private boolean isPerfect, inpStoRound, outStoRound, bmTestNegativeBound;
        private AnalogMvType mvType;
        private double inpBound, inpNoise, inpRes, inpAsymmetry, outBound, outNoise, outNoiseStd, outRes, outScale,
                outAsymmetry, wNoise, irDrop, irDropGRatio, outNonlinearity, outNonlinearityStd, slopeCalibration,
                maxBmRes, nmThres, vOffsetStd, vOffsetWMin, rSeries, wReadAsymmetryDtod;
        private BoundManagement boundManagement;
        private NoiseManagement noiseManagement;
        private WeightNoiseType wNoiseType;
        private int maxBmFactor;

        Builder(IOParameters p) {
            isPerfect = p.isPerfect;
            mvType = p.mvType;
            inpBound = p.inpBound;
            inpNoise = p.inpNoise;
            inpRes = p.inpRes;
            inpStoRound = p.inpStoRound;
            inpAsymmetry = p.inpAsymmetry;
            outBound = p.outBound;
            outNoise = p.outNoise;
            outNoiseStd = p.outNoiseStd;
            outRes = p.outRes;
            outStoRound = p.outStoRound;
            outScale = p.outScale;
            outAsymmetry = p.outAsymmetry;
            boundManagement = p.boundManagement;
            noiseManagement = p.noiseManagement;
            wNoise = p.wNoise;
            wNoiseType = p.wNoiseType;
            irDrop = p.irDrop;
            irDropGRatio = p.irDropGRatio;
            outNonlinearity = p.outNonlinearity;
            outNonlinearityStd = p.outNonlinearityStd;
            slopeCalibration = p.slopeCalibration;
            maxBmFactor = p.maxBmFactor;
            maxBmRes = p.maxBmRes;
            bmTestNegativeBound = p.bmTestNegativeBound;
            nmThres = p.nmThres;
            vOffsetStd = p.vOffsetStd;
            vOffsetWMin = p.vOffsetWMin;
            rSeries = p.rSeries;
            wReadAsymmetryDtod = p.wReadAsymmetryDtod;
        }

        // @formatter:off
        public Builder isPerfect(boolean v) { isPerfect = v; return this; }
        public Builder mvType(AnalogMvType v) { mvType = v; return this; }
        public Builder inpBound(double v) { inpBound = v; return this; }
        public Builder inpNoise(double v) { inpNoise = v; return this; }
        public Builder inpRes(double v) { inpRes = v; return this; }
        public Builder inpStoRound(boolean v) { inpStoRound = v; return this; }
        public Builder inpAsymmetry(double v) { inpAsymmetry = v; return this; }
        public Builder outBound(double v) { outBound = v; return this; }
        public Builder outNoise(double v) { outNoise = v; return this; }
        public Builder outNoiseStd(double v) { outNoiseStd = v; return this; }
        public Builder outRes(double v) { outRes = v; return this; }
        public Builder outStoRound(boolean v) { outStoRound = v; return this; }
        public Builder outScale(double v) { outScale = v; return this; }
        public Builder outAsymmetry(double v) { outAsymmetry = v; return this; }
        public Builder boundManagement(BoundManagement v) { boundManagement = v; return this; }
        public Builder noiseManagement(NoiseManagement v) { noiseManagement = v; return this; }
        public Builder wNoise(double v) { wNoise = v; return this; }
        public Builder wNoiseType(WeightNoiseType v) { wNoiseType = v; return this; }
        public Builder irDrop(double v) { irDrop = v; return this; }
        public Builder irDropGRatio(double v) { irDropGRatio = v; return this; }
        public Builder outNonlinearity(double v) { outNonlinearity = v; return this; }
        public Builder outNonlinearityStd(double v) { outNonlinearityStd = v; return this; }
        public Builder slopeCalibration(double v) { slopeCalibration = v; return this; }
        public Builder maxBmFactor(int v) { maxBmFactor = v; return this; }
        public Builder maxBmRes(double v) { maxBmRes = v; return this; }
        public Builder bmTestNegativeBound(boolean v) { bmTestNegativeBound = v; return this; }
        public Builder nmThres(double v) { nmThres = v; return this; }
        public Builder vOffsetStd(double v) { vOffsetStd = v; return this; }
        public Builder vOffsetWMin(double v) { vOffsetWMin = v; return this; }
        public Builder rSeries(double v) { rSeries = v; return this; }
        public Builder wReadAsymmetryDtod(double v) { wReadAsymmetryDtod = v; return this; }
        // @formatter:on

        /** The validated record. */
        public IOParameters build() {
            return new IOParameters(isPerfect, mvType, inpBound, inpNoise, inpRes, inpStoRound, inpAsymmetry,
                    outBound, outNoise, outNoiseStd, outRes, outStoRound, outScale, outAsymmetry, boundManagement,
                    noiseManagement, wNoise, wNoiseType, irDrop, irDropGRatio, outNonlinearity, outNonlinearityStd,
                    slopeCalibration, maxBmFactor, maxBmRes, bmTestNegativeBound, nmThres, vOffsetStd, vOffsetWMin,
                    rSeries, wReadAsymmetryDtod);
        }
    }
}
