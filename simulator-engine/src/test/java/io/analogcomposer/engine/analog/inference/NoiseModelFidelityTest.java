package io.analogcomposer.engine.analog.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.Reference;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every noise model against AIHWKit 1.0.0's measurements: per target conductance, the mean and std of programmed,
 * drifted and read-noisy conductance and of the drift exponent. Same procedure and sample size (20,000 devices per
 * row); means must agree within 4 standard errors of the difference, stds within 3 % (plus a tiny absolute floor for
 * quantities that are exactly constant).
 */
class NoiseModelFidelityTest {
    private static final int N = 20_000;

    @Test
    void pcmLikeDefaultMatchesAihwkit() {
        Map<String, Object> ref = Reference.json("pcm_noise_stats.json");
        check("pcm_like", PcmLikeNoiseModel.DEFAULT, Reference.list(ref, "rows"), times(ref, "t_inference_s"), 1000);
    }

    @Test
    void stateIndependentDefaultMatchesAihwkit() {
        checkOther("state_independent_default", StateIndependentNoiseModel.DEFAULT, 2000);
    }

    @Test
    void customDriftExample31MatchesAihwkit() {
        checkOther("custom_drift_pcm_example31", CustomDriftPcmNoiseModel.EXAMPLE_31, 3000);
    }

    @Test
    void hermesTwoDevicesMatchesAihwkit() {
        checkOther("hermes_2dev_default", HermesNoiseModel.defaults(2), 4000);
    }

    @Test
    void hermesOneDeviceMatchesAihwkit() {
        checkOther("hermes_1dev_default", HermesNoiseModel.defaults(1), 5000);
    }

    @Test
    void reramWan2022MatchesAihwkitIncludingItsReferenceScaling() {
        checkOther("reram_wan2022_default", ReRamWan2022NoiseModel.DEFAULT, 6000);
    }

    @Test
    void reramCmoMatchesAihwkit() {
        checkOther("reram_cmo_default", ReRamCmoNoiseModel.DEFAULT, 7000);
    }

    @Test
    void pcmProgrammingNoiseStdFollowsThePolynomialInGOverGmax() {
        // The claim of the model in closed form, away from the clamp at 0: sigma(g) = c0 + c1 r + c2 r^2.
        PcmLikeNoiseModel m = PcmLikeNoiseModel.DEFAULT;
        for (double g : new double[]{5, 12.5, 25}) {
            float[] t = new float[N], p = new float[N];
            java.util.Arrays.fill(t, (float) g);
            m.programConductance(t, p, 0, N, new Rng(11));
            double r = g / 25;
            double sigma = 0.26348 + 1.9650 * r - 1.1731 * r * r;
            Stats s = Stats.of(p);
            assertThat(s.std).isCloseTo(sigma, org.assertj.core.data.Offset.offset(0.03 * sigma));
            assertThat(Math.abs(s.mean - g)).isLessThan(4 * sigma / Math.sqrt(N));
        }
    }

    private static void checkOther(String key, NoiseModel model, int seedBase) {
        Map<String, Object> all = Reference.json("other_noise_models_stats.json");
        Map<String, Object> entry = Reference.at(all, "models", key);
        List<Double> times = entry.containsKey("t_inference_s")
                ? times(entry, "t_inference_s")
                : times(all, "t_inference_s_default");
        check(key, model, Reference.list(entry, "rows"), times, seedBase);
    }

    private static List<Double> times(Map<String, Object> m, String key) {
        List<Double> out = new ArrayList<>();
        for (Object o : Reference.list(m, key)) {
            out.add(((Number) o).doubleValue());
        }
        return out;
    }

    private static void check(String name, NoiseModel model, List<Object> rows, List<Double> times, int seedBase) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int k = 0; k < rows.size(); k++) {
            Object row = rows.get(k);
            float g = (float) Reference.num(row, "g_target");
            float[] target = new float[N];
            java.util.Arrays.fill(target, g);
            Rng rng = new Rng(seedBase + k);
            float[] prog = new float[N], param = new float[N], out = new float[N];
            model.programConductance(target, prog, 0, N, rng);
            model.driftParameters(target, param, 0, N, rng);
            checked += compare(failures, name + " g=" + g + " g_prog", Stats.of(prog), Reference.at(row, "g_prog"));
            Map<String, Object> r = Reference.at(row);
            if (r.containsKey("nu")) {
                checked += compare(failures, name + " g=" + g + " nu", Stats.of(param), Reference.at(row, "nu"));
            }
            if (r.containsKey("drift_param")) {
                checked += compare(failures, name + " g=" + g + " drift_param", Stats.of(param),
                        Reference.at(row, "drift_param"));
            }
            for (double t : times) {
                model.driftConductance(prog, param, t, out, 0, N, rng);
                checked += compare(failures, name + " g=" + g + " t=" + t, Stats.of(out),
                        Reference.at(row, "after_drift", pyKey(t)));
            }
        }
        assertThat(checked).as("statistics compared").isGreaterThan(rows.size() * 3);
        assertThat(failures).as(name + " statistics outside sampling error of AIHWKit").isEmpty();
    }

    /** Python's str() of a float time, the key format of the reference files (e.g. 31536000.0). */
    static String pyKey(double t) {
        return t == Math.rint(t) ? (long) t + ".0" : Double.toString(t);
    }

    private static int compare(List<String> failures, String what, Stats ours, Map<String, Object> ref) {
        double rm = Reference.num(ref, "mean"), rs = Reference.num(ref, "std");
        double se = Math.sqrt((ours.std * ours.std + rs * rs) / N);
        if (Math.abs(ours.mean - rm) > 4 * se + 1e-6 * Math.abs(rm)) {
            failures.add(what + ": mean " + ours.mean + " vs " + rm + " (4 SE = " + 4 * se + ")");
        }
        // Std within 3 %, or within 4 standard errors of the difference of two sample stds where the distribution is
        // heavy-tailed (rows clamped at 0 or at g_min, where 3 % is below the sampling error at n = 20,000).
        double seStd = ours.std * Math.sqrt(Math.max(ours.kurtosis - 1, 0) / (4.0 * N)) * Math.sqrt(2);
        if (Math.abs(ours.std - rs) > Math.max(0.03 * rs, 4 * seStd) + 1e-6) {
            failures.add(what + ": std " + ours.std + " vs " + rs);
        }
        if (ref.containsKey("frac_zero")) {
            double fz = Reference.num(ref, "frac_zero");
            double sez = Math.sqrt(Math.max(fz * (1 - fz), 1.0 / N) * 2 / N);
            if (Math.abs(ours.fracZero - fz) > 4 * sez) {
                failures.add(what + ": fraction at zero " + ours.fracZero + " vs " + fz);
            }
        }
        return 1;
    }

    record Stats(double mean, double std, double fracZero, double kurtosis) {
        static Stats of(float[] x) {
            double s = 0, z = 0;
            for (float v : x) {
                s += v;
                z += v == 0f ? 1 : 0;
            }
            double m = s / x.length, q = 0, q4 = 0;
            for (float v : x) {
                double d = (v - m) * (v - m);
                q += d;
                q4 += d * d;
            }
            double var = q / x.length;
            double kurt = var > 0 ? q4 / x.length / (var * var) : 0;
            return new Stats(m, Math.sqrt(q / (x.length - 1)), z / x.length, kurt);
        }
    }
}
