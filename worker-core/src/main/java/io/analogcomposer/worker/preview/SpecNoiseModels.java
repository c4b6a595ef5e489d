package io.analogcomposer.worker.preview;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.inference.CustomDriftPcmNoiseModel;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.inference.StateIndependentNoiseModel;
import io.analogcomposer.spec.rpu.NoiseModelType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's noise model for the experiment format's {@code rpu_config.noise_model} object. The format uses the
 * composer's names ({@code generic}, {@code custom_drift_pcm}, {@code drift_g_list}, ...); the engine's own
 * configuration maps use AIHWKit-internal ones, and know fewer fields (the programming-noise polynomial, t_read and
 * t0 are set here on the model records).
 */
final class SpecNoiseModels {

    /** The format's type names, for error messages. */
    static final List<String> TYPES = Arrays.stream(NoiseModelType.values()).map(NoiseModelType::wire).toList();

    private SpecNoiseModels() {
    }

    /** Throws {@link IllegalArgumentException} naming the offending field. */
    static NoiseModel of(Map<String, Object> spec) {
        String type = spec.get("type") == null ? "pcm_like" : spec.get("type").toString();
        Map<String, Object> engine = new LinkedHashMap<>();
        for (String k : List.of("g_max", "prog_noise_scale", "read_noise_scale", "drift_scale", "drift_nu_mean",
                "drift_nu_std", "num_devices")) {
            if (spec.get(k) != null) {
                engine.put(k, spec.get(k));
            }
        }
        return switch (type) {
            case "pcm_like" -> {
                engine.put("type", "pcm_like");
                yield pcm(spec, (PcmLikeNoiseModel) ConfigMaps.noiseModel(engine));
            }
            case "generic" -> {
                engine.put("type", "state_independent");
                StateIndependentNoiseModel s = (StateIndependentNoiseModel) ConfigMaps.noiseModel(engine);
                double[] c = coefficients(spec, new double[]{s.c0(), s.c1(), s.c2()});
                if (c.length > 3) {
                    throw new IllegalArgumentException(
                            "noise_model.prog_coeff: the generic device takes at most 3 coefficients, got " + c.length);
                }
                yield new StateIndependentNoiseModel(s.converter(), c[0], c.length > 1 ? c[1] : 0,
                        c.length > 2 ? c[2] : 0, s.progNoiseScale(), s.driftNuMean(), s.driftNuStd(), s.driftScale(),
                        number(spec, "t0", s.t0()), s.readNoiseScale(), number(spec, "t_read", s.tRead()));
            }
            case "custom_drift_pcm" -> {
                engine.put("type", "custom_drift");
                rename(spec, engine, "drift_g_list", "g_lst");
                rename(spec, engine, "drift_nu_mean_list", "nu_mean_lst");
                rename(spec, engine, "drift_nu_std_list", "nu_std_lst");
                CustomDriftPcmNoiseModel c = (CustomDriftPcmNoiseModel) ConfigMaps.noiseModel(engine);
                PcmLikeNoiseModel base = c.pcm();
                if (spec.get("g_max") != null) {
                    base = base.withGMax(number(spec, "g_max", 25));
                }
                yield new CustomDriftPcmNoiseModel(pcm(spec, base), c.gList(), c.nuMean(), c.nuStd());
            }
            case "hermes", "reram_wan2022", "reram_cmo" -> {
                engine.put("type", type);
                yield ConfigMaps.noiseModel(engine);
            }
            default -> throw new IllegalArgumentException("unknown noise_model type '" + type + "'");
        };
    }

    private static PcmLikeNoiseModel pcm(Map<String, Object> spec, PcmLikeNoiseModel p) {
        return new PcmLikeNoiseModel(p.converter(), coefficients(spec, p.progCoeff()), p.progCoeffGMaxReference(),
                number(spec, "t_read", p.tRead()), number(spec, "t0", p.t0()), p.progNoiseScale(),
                p.readNoiseScale(), p.driftScale());
    }

    private static void rename(Map<String, Object> spec, Map<String, Object> engine, String from, String to) {
        if (spec.get(from) != null) {
            engine.put(to, spec.get(from));
        }
    }

    private static double number(Map<String, Object> spec, String key, double fallback) {
        Object v = spec.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("noise_model." + key + " must be a number, got " + v);
        }
        return n.doubleValue();
    }

    private static double[] coefficients(Map<String, Object> spec, double[] fallback) {
        Object v = spec.get("prog_coeff");
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(x -> x instanceof Number)) {
            throw new IllegalArgumentException("noise_model.prog_coeff must be a list of numbers, got " + v);
        }
        return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }
}
