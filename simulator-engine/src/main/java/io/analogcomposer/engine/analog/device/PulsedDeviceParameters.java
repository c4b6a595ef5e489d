package io.analogcomposer.engine.analog.device;

import java.util.List;

/**
 * Parameters of a pulsed resistive device (AIHWKit's {@code PulsedDevice} and subclasses in
 * {@code simulator/configs/devices.py}). Component names are the experiment format's {@code device} fields in
 * camelCase ({@code dw_min} is {@link #dwMin()}); fields that do not apply to {@link #model()} are ignored. Defaults
 * are AIHWKit's; {@link #builder(DeviceModel)} starts from them.
 *
 * <p>
 * Convention (AIHWKit's C++ {@code PulsedRPUDevice::populate}): per device, {@code gain = 1 + dw_min_dtod ξ},
 * {@code r = up_down_dtod ξ}; {@code scale_up = (up_bias + gain + r) dw_min}, {@code scale_down = (down_bias + gain -
 * r) dw_min} with {@code up_bias = min(up_down, 0)}, {@code down_bias = -max(up_down, 0)}; bounds {@code w_max (1 +
 * w_max_dtod ξ)} and {@code w_min (1 + w_min_dtod ξ)}.
 *
 * @param model device response model ({@code type})
 * @param constructionSeed seed of the device-to-device draws; 0 = derived from the tile's generator
 * @param dwMin mean step of one pulse, weight units, (0, 1]
 * @param dwMinDtod device-to-device relative spread of the step
 * @param dwMinDtodLogNormal draw the step gain log-normally ({@code exp(dw_min_dtod ξ)})
 * @param dwMinStd cycle-to-cycle relative spread of each pulse's step
 * @param enforceConsistency take absolute values of steps and keep w_min ≤ 0 ≤ w_max per device
 * @param corruptDevicesProb probability that a device is stuck at construction
 * @param corruptDevicesRange the stuck value is uniform in ± this range (within the bounds)
 * @param upDown up/down asymmetry of the step, [-1, 1]
 * @param upDownDtod device-to-device spread of the asymmetry
 * @param wMax mean upper bound, ≥ 0
 * @param wMaxDtod relative spread of the upper bound
 * @param wMin mean lower bound, ≤ 0
 * @param wMinDtod relative spread of the lower bound
 * @param reset mean weight after a reset
 * @param resetDtod device-to-device spread of the reset value (additive)
 * @param resetStd cycle-to-cycle spread of a reset
 * @param lifetime decay time constant in mini-batches (0 = none)
 * @param lifetimeDtod relative spread of the lifetime
 * @param diffusion std of the random walk per mini-batch
 * @param diffusionDtod relative spread of the diffusion
 * @param writeNoiseStd write noise in units of dw_min, seen by the MVMs but not by the device state
 * @param multNoise linear step / soft bounds: cycle-to-cycle noise scales the whole step (else only the constant part)
 * @param gammaUp linear step: relative step decrease at w_max; exp step: exponent of the up step
 * @param gammaDown linear step: relative step decrease at w_min; exp step: exponent of the down step
 * @param gammaUpDtod spread of gamma_up (linear step)
 * @param gammaDownDtod spread of gamma_down (linear step)
 * @param allowIncreasing linear step: allow steps that grow towards the bound
 * @param meanBoundReference linear step: the slope refers to the mean bounds, not the device's
 * @param aUp exp step A_up
 * @param aDown exp step A_down
 * @param a exp step a (scale of z)
 * @param b exp step b (offset of z)
 * @param dwMinStdAdd exp step: additive part of the cycle-to-cycle noise
 * @param dwMinStdSlope exp step: part of the cycle-to-cycle noise proportional to |w|
 * @param powGamma pow step exponent
 * @param powGammaDtod relative spread of the exponent
 * @param powUpDown asymmetry of the exponent
 * @param powUpDownDtod spread of the exponent asymmetry
 * @param piecewiseUp relative up steps at equally spaced weights from w_min to w_max
 * @param piecewiseDown relative down steps at the same points
 * @param pMax soft bounds pmax: pulses from range_min to range_max
 * @param alpha soft bounds pmax: step at range_min relative to the range factor
 * @param rangeMin soft bounds pmax: lower end of the range
 * @param rangeMax soft bounds pmax: upper end of the range
 * @param slopeUpDtod soft bounds reference: relative spread of the up slope
 * @param slopeDownDtod soft bounds reference: relative spread of the down slope
 * @param referenceMean soft bounds reference: mean of the subtracted reference
 * @param referenceStd soft bounds reference: spread of the reference
 * @param subtractSymmetryPoint soft bounds reference: the reference is the device's symmetry point
 */
public record PulsedDeviceParameters(DeviceModel model, long constructionSeed, double dwMin, double dwMinDtod,
        boolean dwMinDtodLogNormal, double dwMinStd, boolean enforceConsistency, double corruptDevicesProb,
        double corruptDevicesRange, double upDown, double upDownDtod, double wMax, double wMaxDtod, double wMin,
        double wMinDtod, double reset, double resetDtod, double resetStd, double lifetime, double lifetimeDtod,
        double diffusion, double diffusionDtod, double writeNoiseStd, boolean multNoise, double gammaUp,
        double gammaDown, double gammaUpDtod, double gammaDownDtod, boolean allowIncreasing,
        boolean meanBoundReference, double aUp, double aDown, double a, double b, double dwMinStdAdd,
        double dwMinStdSlope, double powGamma, double powGammaDtod, double powUpDown, double powUpDownDtod,
        List<Double> piecewiseUp, List<Double> piecewiseDown, int pMax, double alpha, double rangeMin,
        double rangeMax, double slopeUpDtod, double slopeDownDtod, double referenceMean, double referenceStd,
        boolean subtractSymmetryPoint) {

    /** Validates ranges; throws naming the field and its allowed range. */
    public PulsedDeviceParameters {
        if (model == null) {
            throw new IllegalArgumentException("device.type is required");
        }
        piecewiseUp = List.copyOf(piecewiseUp);
        piecewiseDown = List.copyOf(piecewiseDown);
        if (model != DeviceModel.SOFT_BOUNDS_PMAX) {
            range("dw_min", dwMin, 0, 1, true);
            if (wMin > 0 || wMax < 0) {
                throw new IllegalArgumentException(
                        "[w_min, w_max] must contain 0, got [" + wMin + ", " + wMax + "] (AIHWKit requires it)");
            }
        } else {
            if (pMax < 1) {
                throw new IllegalArgumentException("p_max must be >= 1, got " + pMax);
            }
            range("alpha", alpha, 0, 1, true);
            if (!(rangeMax > rangeMin)) {
                throw new IllegalArgumentException(
                        "range_max must exceed range_min, got [" + rangeMin + ", " + rangeMax + "]");
            }
        }
        range("up_down", upDown, -1, 1, false);
        for (double[] f : new double[][]{{dwMinDtod}, {dwMinStd}, {upDownDtod}, {wMaxDtod}, {wMinDtod},
                {resetDtod}, {resetStd}, {lifetimeDtod}, {diffusionDtod}, {gammaUpDtod}, {gammaDownDtod},
                {powGammaDtod}, {powUpDownDtod}, {slopeUpDtod}, {slopeDownDtod}, {referenceStd}}) {
            if (!(f[0] >= 0 && f[0] <= 10)) {
                throw new IllegalArgumentException("device variation fields (*_dtod, *_std) must be in [0, 10], got "
                        + f[0]);
            }
        }
        range("write_noise_std", writeNoiseStd, 0, 1000, false);
        range("corrupt_devices_prob", corruptDevicesProb, 0, 1, false);
        range("lifetime", lifetime, 0, 1e12, false);
        range("diffusion", diffusion, 0, 1, false);
        range("pow_gamma", powGamma, 0, 100, false);
        if (model == DeviceModel.PIECEWISE_STEP) {
            if (piecewiseUp.isEmpty() || piecewiseDown.isEmpty()) {
                throw new IllegalArgumentException("piecewise_up and piecewise_down need at least one value");
            }
            if (piecewiseUp.size() != piecewiseDown.size()) {
                throw new IllegalArgumentException("piecewise_up (" + piecewiseUp.size()
                        + " values) and piecewise_down (" + piecewiseDown.size() + ") must have the same length");
            }
        }
    }

    private static void range(String field, double v, double lo, double hi, boolean exclusiveLo) {
        if (!(exclusiveLo ? v > lo : v >= lo) || !(v <= hi)) {
            throw new IllegalArgumentException(
                    field + " must be in " + (exclusiveLo ? "(" : "[") + lo + ", " + hi + "], got " + v);
        }
    }

    /**
     * The parameters the device arrays use: SoftBoundsPmax becomes the equivalent SoftBounds (AIHWKit's conversion,
     * {@code B = (range_max - range_min) / (1 - exp(-p_max alpha))}, {@code w_min = range_min}, {@code w_max =
     * range_min + B}, {@code dw_min = B alpha}, {@code up_down = 1 + 2 range_min / B}); others are returned as is.
     */
    public PulsedDeviceParameters effective() {
        if (model != DeviceModel.SOFT_BOUNDS_PMAX) {
            return this;
        }
        double bFactor = (rangeMax - rangeMin) / (1 - Math.exp(-pMax * alpha));
        return toBuilder().model(DeviceModel.SOFT_BOUNDS).wMin(rangeMin).wMax(rangeMin + bFactor)
                .dwMin(bFactor * alpha).upDown(1 + 2 * rangeMin / bFactor).build();
    }

    /** A builder with AIHWKit's defaults for {@code model}. */
    public static Builder builder(DeviceModel model) {
        return new Builder(model);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.constructionSeed = constructionSeed;
        b.dwMin = dwMin;
        b.dwMinDtod = dwMinDtod;
        b.dwMinDtodLogNormal = dwMinDtodLogNormal;
        b.dwMinStd = dwMinStd;
        b.enforceConsistency = enforceConsistency;
        b.corruptDevicesProb = corruptDevicesProb;
        b.corruptDevicesRange = corruptDevicesRange;
        b.upDown = upDown;
        b.upDownDtod = upDownDtod;
        b.wMax = wMax;
        b.wMaxDtod = wMaxDtod;
        b.wMin = wMin;
        b.wMinDtod = wMinDtod;
        b.reset = reset;
        b.resetDtod = resetDtod;
        b.resetStd = resetStd;
        b.lifetime = lifetime;
        b.lifetimeDtod = lifetimeDtod;
        b.diffusion = diffusion;
        b.diffusionDtod = diffusionDtod;
        b.writeNoiseStd = writeNoiseStd;
        b.multNoise = multNoise;
        b.gammaUp = gammaUp;
        b.gammaDown = gammaDown;
        b.gammaUpDtod = gammaUpDtod;
        b.gammaDownDtod = gammaDownDtod;
        b.allowIncreasing = allowIncreasing;
        b.meanBoundReference = meanBoundReference;
        b.aUp = aUp;
        b.aDown = aDown;
        b.a = a;
        b.b = this.b;
        b.dwMinStdAdd = dwMinStdAdd;
        b.dwMinStdSlope = dwMinStdSlope;
        b.powGamma = powGamma;
        b.powGammaDtod = powGammaDtod;
        b.powUpDown = powUpDown;
        b.powUpDownDtod = powUpDownDtod;
        b.piecewiseUp = piecewiseUp;
        b.piecewiseDown = piecewiseDown;
        b.pMax = pMax;
        b.alpha = alpha;
        b.rangeMin = rangeMin;
        b.rangeMax = rangeMax;
        b.slopeUpDtod = slopeUpDtod;
        b.slopeDownDtod = slopeDownDtod;
        b.referenceMean = referenceMean;
        b.referenceStd = referenceStd;
        b.subtractSymmetryPoint = subtractSymmetryPoint;
        return b;
    }

    /** Fluent builder; unset fields keep AIHWKit's defaults for the model. */
    public static final class Builder {
        private DeviceModel model;
        private long constructionSeed = 0;
        private double dwMin = 0.001, dwMinDtod = 0.3, dwMinStd = 0.3;
        private boolean dwMinDtodLogNormal = false, enforceConsistency = true;
        private double corruptDevicesProb = 0, corruptDevicesRange = 0.1;
        private double upDown = 0, upDownDtod = 0.01;
        private double wMax = 0.6, wMaxDtod = 0.3, wMin = -0.6, wMinDtod = 0.3;
        private double reset = 0, resetDtod = 0, resetStd = 0.01;
        private double lifetime = 0, lifetimeDtod = 0, diffusion = 0, diffusionDtod = 0;
        private double writeNoiseStd = 0;
        private boolean multNoise = true;
        private double gammaUp = 0, gammaDown = 0, gammaUpDtod = 0.05, gammaDownDtod = 0.05;
        private boolean allowIncreasing = false, meanBoundReference = true;
        private double aUp = 0.00081, aDown = 0.36833, a = 0.244, b = 0.2425, dwMinStdAdd = 0, dwMinStdSlope = 0;
        private double powGamma = 1.0, powGammaDtod = 0.1, powUpDown = 0, powUpDownDtod = 0;
        private List<Double> piecewiseUp = List.of(1.0), piecewiseDown = List.of(1.0);
        private int pMax = 1000;
        private double alpha = 0.001 / 2, rangeMin = -1, rangeMax = 1;
        private double slopeUpDtod = 0, slopeDownDtod = 0, referenceMean = 0, referenceStd = 0;
        private boolean subtractSymmetryPoint = false;

        private Builder(DeviceModel model) {
            this.model = model;
            if (model == DeviceModel.EXP_STEP) {
                gammaUp = 12.44625; // ExpStepDevice's own defaults for the shared gamma fields
                gammaDown = 12.78785;
            }
            if (model == DeviceModel.SOFT_BOUNDS_REFERENCE) {
                multNoise = false;
            }
        }

        public Builder model(DeviceModel v) {
            model = v;
            return this;
        }

        public Builder constructionSeed(long v) {
            constructionSeed = v;
            return this;
        }

        public Builder dwMin(double v) {
            dwMin = v;
            return this;
        }

        public Builder dwMinDtod(double v) {
            dwMinDtod = v;
            return this;
        }

        public Builder dwMinDtodLogNormal(boolean v) {
            dwMinDtodLogNormal = v;
            return this;
        }

        public Builder dwMinStd(double v) {
            dwMinStd = v;
            return this;
        }

        public Builder enforceConsistency(boolean v) {
            enforceConsistency = v;
            return this;
        }

        public Builder corruptDevicesProb(double v) {
            corruptDevicesProb = v;
            return this;
        }

        public Builder corruptDevicesRange(double v) {
            corruptDevicesRange = v;
            return this;
        }

        public Builder upDown(double v) {
            upDown = v;
            return this;
        }

        public Builder upDownDtod(double v) {
            upDownDtod = v;
            return this;
        }

        public Builder wMax(double v) {
            wMax = v;
            return this;
        }

        public Builder wMaxDtod(double v) {
            wMaxDtod = v;
            return this;
        }

        public Builder wMin(double v) {
            wMin = v;
            return this;
        }

        public Builder wMinDtod(double v) {
            wMinDtod = v;
            return this;
        }

        public Builder reset(double v) {
            reset = v;
            return this;
        }

        public Builder resetDtod(double v) {
            resetDtod = v;
            return this;
        }

        public Builder resetStd(double v) {
            resetStd = v;
            return this;
        }

        public Builder lifetime(double v) {
            lifetime = v;
            return this;
        }

        public Builder lifetimeDtod(double v) {
            lifetimeDtod = v;
            return this;
        }

        public Builder diffusion(double v) {
            diffusion = v;
            return this;
        }

        public Builder diffusionDtod(double v) {
            diffusionDtod = v;
            return this;
        }

        public Builder writeNoiseStd(double v) {
            writeNoiseStd = v;
            return this;
        }

        public Builder multNoise(boolean v) {
            multNoise = v;
            return this;
        }

        public Builder gammaUp(double v) {
            gammaUp = v;
            return this;
        }

        public Builder gammaDown(double v) {
            gammaDown = v;
            return this;
        }

        public Builder gammaUpDtod(double v) {
            gammaUpDtod = v;
            return this;
        }

        public Builder gammaDownDtod(double v) {
            gammaDownDtod = v;
            return this;
        }

        public Builder allowIncreasing(boolean v) {
            allowIncreasing = v;
            return this;
        }

        public Builder meanBoundReference(boolean v) {
            meanBoundReference = v;
            return this;
        }

        public Builder aUp(double v) {
            aUp = v;
            return this;
        }

        public Builder aDown(double v) {
            aDown = v;
            return this;
        }

        public Builder a(double v) {
            a = v;
            return this;
        }

        public Builder b(double v) {
            b = v;
            return this;
        }

        public Builder dwMinStdAdd(double v) {
            dwMinStdAdd = v;
            return this;
        }

        public Builder dwMinStdSlope(double v) {
            dwMinStdSlope = v;
            return this;
        }

        public Builder powGamma(double v) {
            powGamma = v;
            return this;
        }

        public Builder powGammaDtod(double v) {
            powGammaDtod = v;
            return this;
        }

        public Builder powUpDown(double v) {
            powUpDown = v;
            return this;
        }

        public Builder powUpDownDtod(double v) {
            powUpDownDtod = v;
            return this;
        }

        public Builder piecewiseUp(List<Double> v) {
            piecewiseUp = v;
            return this;
        }

        public Builder piecewiseDown(List<Double> v) {
            piecewiseDown = v;
            return this;
        }

        public Builder pMax(int v) {
            pMax = v;
            return this;
        }

        public Builder alpha(double v) {
            alpha = v;
            return this;
        }

        public Builder rangeMin(double v) {
            rangeMin = v;
            return this;
        }

        public Builder rangeMax(double v) {
            rangeMax = v;
            return this;
        }

        public Builder slopeUpDtod(double v) {
            slopeUpDtod = v;
            return this;
        }

        public Builder slopeDownDtod(double v) {
            slopeDownDtod = v;
            return this;
        }

        public Builder referenceMean(double v) {
            referenceMean = v;
            return this;
        }

        public Builder referenceStd(double v) {
            referenceStd = v;
            return this;
        }

        public Builder subtractSymmetryPoint(boolean v) {
            subtractSymmetryPoint = v;
            return this;
        }

        /** Turns off every device-to-device and cycle-to-cycle variation (for exact-formula checks). */
        public Builder noVariation() {
            dwMinDtod = 0;
            dwMinStd = 0;
            upDownDtod = 0;
            wMaxDtod = 0;
            wMinDtod = 0;
            resetDtod = 0;
            resetStd = 0;
            gammaUpDtod = 0;
            gammaDownDtod = 0;
            powGammaDtod = 0;
            powUpDownDtod = 0;
            slopeUpDtod = 0;
            slopeDownDtod = 0;
            referenceStd = 0;
            writeNoiseStd = 0;
            dwMinStdAdd = 0;
            dwMinStdSlope = 0;
            return this;
        }

        /** The validated record. */
        public PulsedDeviceParameters build() {
            return new PulsedDeviceParameters(model, constructionSeed, dwMin, dwMinDtod, dwMinDtodLogNormal, dwMinStd,
                    enforceConsistency, corruptDevicesProb, corruptDevicesRange, upDown, upDownDtod, wMax, wMaxDtod,
                    wMin, wMinDtod, reset, resetDtod, resetStd, lifetime, lifetimeDtod, diffusion, diffusionDtod,
                    writeNoiseStd, multNoise, gammaUp, gammaDown, gammaUpDtod, gammaDownDtod, allowIncreasing,
                    meanBoundReference, aUp, aDown, a, b, dwMinStdAdd, dwMinStdSlope, powGamma, powGammaDtod,
                    powUpDown, powUpDownDtod, piecewiseUp, piecewiseDown, pMax, alpha, rangeMin, rangeMax,
                    slopeUpDtod, slopeDownDtod, referenceMean, referenceStd, subtractSymmetryPoint);
        }
    }
}
