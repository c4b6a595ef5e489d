package io.analogcomposer.engine.analog.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.Reference;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.util.Npy;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programming, drift and global drift compensation of an AnalogLinear(256, 256) with AIHWKit's default inference
 * configuration, against AIHWKit 1.0.0's table: compensation factor alpha, drifted-weight statistics and the forward
 * error with compensation at 0 s, 60 s, 1 h, 1 day and 1 year.
 */
class DriftCompensationFidelityTest {

    @Test
    void programDriftAndGlobalCompensationMatchTheReferenceTable() {
        float[] w = Npy.parse(Reference.bytes("linear_W.npy")).data();
        float[] x = Npy.parse(Reference.bytes("linear_X.npy")).data();
        double[] ideal = new double[64 * 256];
        double idealNorm = 0;
        for (int b = 0; b < 64; b++) {
            for (int i = 0; i < 256; i++) {
                double s = 0;
                for (int j = 0; j < 256; j++) {
                    s += (double) x[b * 256 + j] * w[i * 256 + j];
                }
                ideal[b * 256 + i] = s;
                idealNorm += s * s;
            }
        }
        double meanAbsW = 0;
        for (float v : w) {
            meanAbsW += Math.abs(v);
        }
        meanAbsW /= w.length;
        List<Object> rows = Reference.list(Reference.json("linear_forward_stats.json"),
                "pcm_program_and_drift_random_case", "InferenceRPUConfig");
        List<String> failures = new ArrayList<>();
        for (Object row : rows) {
            double t = Reference.num(row, "t_inference_s");
            AnalogLinear layer = AnalogLinear.of(w, null, 256, 256, InferenceRpuConfig.DEFAULT, new Rng(17));
            layer.train(false);
            layer.program(new Rng(100 + (long) t));
            layer.drift(t, new Rng(200 + (long) t));
            double alpha = layer.tileArray().compensation(0)[0];
            float[] wd = layer.tileArray().deployedWeights();
            double s = 0, s2 = 0, sa = 0, sa2 = 0, absd = 0;
            for (int i = 0; i < w.length; i++) {
                double e = wd[i] - w[i], ea = alpha * wd[i] - w[i];
                s += e;
                s2 += e * e;
                sa += ea;
                sa2 += ea * ea;
                absd += Math.abs(wd[i]);
            }
            int n = w.length;
            double errStd = Math.sqrt(s2 / n - (s / n) * (s / n));
            double errAlphaStd = Math.sqrt(sa2 / n - (sa / n) * (sa / n));
            double ratio = absd / n / meanAbsW;
            // forward error with compensation over 20 repetitions of the read-out (same programmed/drifted weights)
            double frob = 0, e1 = 0, e2 = 0;
            int reps = 20;
            for (int r = 0; r < reps; r++) {
                Tensor y = layer.forward(Tensor.wrap(x.clone(), 64, 256));
                double f = 0;
                for (int i = 0; i < ideal.length; i++) {
                    double e = y.data()[i] - ideal[i];
                    f += e * e;
                    e1 += e;
                    e2 += e * e;
                }
                frob += Math.sqrt(f / idealNorm);
            }
            frob /= reps;
            long total = (long) reps * ideal.length;
            double fwdStd = Math.sqrt(e2 / total - (e1 / total) * (e1 / total));
            Map<String, Object> fwd = Reference.at(row, "forward_20reps_with_alpha");
            check(failures, t, "alpha", alpha, Reference.num(row, "alpha_global_drift_compensation"), MEANS);
            check(failures, t, "mean|w_drifted|/mean|w|", ratio,
                    Reference.num(row, "weight_ratio_mean_drifted_over_target_abs"), MEANS);
            check(failures, t, "weight error std", errStd, Reference.num(row, "weight_err_std"), WEIGHT_STDS);
            check(failures, t, "weight error std with alpha", errAlphaStd,
                    Reference.num(row, "weight_err_times_alpha_std"), WEIGHT_STDS);
            check(failures, t, "forward error std", fwdStd, Reference.num(fwd, "err_std_all"), FORWARD);
            check(failures, t, "forward relative Frobenius error", frob, Reference.num(fwd, "rel_frobenius_err_mean"),
                    FORWARD);
            System.out.printf("t=%.0f alpha=%.4f ratio=%.4f werr=%.4f werrA=%.4f fwdStd=%.4f frob=%.4f%n", t, alpha,
                    ratio, errStd, errAlphaStd, fwdStd, frob);
        }
        assertThat(failures).as("outside the tolerances of AIHWKit's values").isEmpty();
    }

    /**
     * alpha and the mean drift ratio: means over the 65,536 devices' random drift exponents, known to about 0.15 %
     * on each side; measured gaps 0.05-0.3 %. 0.75 % is 2.5 times the largest, while dropping AIHWKit's t0 = 20 s
     * offset (drift as (t/t0)^-nu instead of ((t + t0)/t0)^-nu) moves both by 1.4 % at 60 s.
     */
    private static final double MEANS = 0.0075;
    /** Weight error stds over 65,536 devices: ±0.3 % sampling error each side; measured gaps up to 0.6 %. */
    private static final double WEIGHT_STDS = 0.02;
    /**
     * Forward errors over 20 read-outs of 64 inputs: the read noise and the output noise differ run to run; measured
     * gaps up to 1.3 % (1 year).
     */
    private static final double FORWARD = 0.025;

    private static void check(List<String> failures, double t, String what, double ours, double ref,
            double tolerance) {
        if (Math.abs(ours - ref) > tolerance * Math.abs(ref)) {
            failures.add("t=" + t + " " + what + ": " + ours + " vs " + ref + " (tolerance " + 100 * tolerance
                    + " %)");
        }
    }
}
