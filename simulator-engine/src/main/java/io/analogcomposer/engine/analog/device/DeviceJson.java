package io.analogcomposer.engine.analog.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a pulsed device from the experiment format's {@code device} object (snake_case names of
 * {@code io.analogcomposer.spec.rpu.Device}); absent fields keep AIHWKit's defaults for the model.
 */
public final class DeviceJson {
    private DeviceJson() {
    }

    /** The device described by a parsed JSON object; unknown fields are rejected with their name. */
    public static PulsedDeviceParameters parse(Map<String, Object> json) {
        Object type = json.get("type");
        if (!(type instanceof String t)) {
            throw new IllegalArgumentException("device.type is required (a string)");
        }
        PulsedDeviceParameters.Builder b = PulsedDeviceParameters.builder(DeviceModel.fromJson(t));
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "type" -> {
                }
                case "construction_seed" -> b.constructionSeed(num(k, v).longValue());
                case "dw_min" -> b.dwMin(d(k, v));
                case "dw_min_dtod" -> b.dwMinDtod(d(k, v));
                case "dw_min_dtod_log_normal" -> b.dwMinDtodLogNormal(bool(k, v));
                case "dw_min_std" -> b.dwMinStd(d(k, v));
                case "enforce_consistency" -> b.enforceConsistency(bool(k, v));
                case "corrupt_devices_prob" -> b.corruptDevicesProb(d(k, v));
                case "corrupt_devices_range" -> b.corruptDevicesRange(d(k, v));
                case "up_down" -> b.upDown(d(k, v));
                case "up_down_dtod" -> b.upDownDtod(d(k, v));
                case "w_max" -> b.wMax(d(k, v));
                case "w_max_dtod" -> b.wMaxDtod(d(k, v));
                case "w_min" -> b.wMin(d(k, v));
                case "w_min_dtod" -> b.wMinDtod(d(k, v));
                case "reset" -> b.reset(d(k, v));
                case "reset_dtod" -> b.resetDtod(d(k, v));
                case "reset_std" -> b.resetStd(d(k, v));
                case "lifetime" -> b.lifetime(d(k, v));
                case "lifetime_dtod" -> b.lifetimeDtod(d(k, v));
                case "diffusion" -> b.diffusion(d(k, v));
                case "diffusion_dtod" -> b.diffusionDtod(d(k, v));
                case "write_noise_std" -> b.writeNoiseStd(d(k, v));
                case "mult_noise" -> b.multNoise(bool(k, v));
                case "gamma_up" -> b.gammaUp(d(k, v));
                case "gamma_down" -> b.gammaDown(d(k, v));
                case "gamma_up_dtod" -> b.gammaUpDtod(d(k, v));
                case "gamma_down_dtod" -> b.gammaDownDtod(d(k, v));
                case "allow_increasing" -> b.allowIncreasing(bool(k, v));
                case "mean_bound_reference" -> b.meanBoundReference(bool(k, v));
                case "a_up" -> b.aUp(d(k, v));
                case "a_down" -> b.aDown(d(k, v));
                case "a" -> b.a(d(k, v));
                case "b" -> b.b(d(k, v));
                case "dw_min_std_add" -> b.dwMinStdAdd(d(k, v));
                case "dw_min_std_slope" -> b.dwMinStdSlope(d(k, v));
                case "pow_gamma" -> b.powGamma(d(k, v));
                case "pow_gamma_dtod" -> b.powGammaDtod(d(k, v));
                case "pow_up_down" -> b.powUpDown(d(k, v));
                case "pow_up_down_dtod" -> b.powUpDownDtod(d(k, v));
                case "piecewise_up" -> b.piecewiseUp(list(k, v));
                case "piecewise_down" -> b.piecewiseDown(list(k, v));
                case "p_max" -> b.pMax(num(k, v).intValue());
                case "alpha" -> b.alpha(d(k, v));
                case "range_min" -> b.rangeMin(d(k, v));
                case "range_max" -> b.rangeMax(d(k, v));
                case "slope_up_dtod" -> b.slopeUpDtod(d(k, v));
                case "slope_down_dtod" -> b.slopeDownDtod(d(k, v));
                case "reference_mean" -> b.referenceMean(d(k, v));
                case "reference_std" -> b.referenceStd(d(k, v));
                case "subtract_symmetry_point" -> b.subtractSymmetryPoint(bool(k, v));
                // accepted and not modelled (no effect on the pulsed response simulated here)
                case "count_pulses", "perfect_bias", "apply_write_noise_on_set", "reverse_up", "reverse_down",
                        "reverse_offset", "n_estimation_steps" ->
                    {
                    }
                default -> throw new IllegalArgumentException("device." + k + " is not a field of a pulsed device");
            }
        }
        return b.build();
    }

    private static Number num(String k, Object v) {
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("device." + k + " must be a number, got " + v);
        }
        return n;
    }

    private static double d(String k, Object v) {
        return num(k, v).doubleValue();
    }

    private static boolean bool(String k, Object v) {
        if (!(v instanceof Boolean x)) {
            throw new IllegalArgumentException("device." + k + " must be true or false, got " + v);
        }
        return x;
    }

    private static List<Double> list(String k, Object v) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("device." + k + " must be a list of numbers, got " + v);
        }
        List<Double> out = new ArrayList<>();
        for (Object o : l) {
            out.add(d(k, o));
        }
        return out;
    }
}
