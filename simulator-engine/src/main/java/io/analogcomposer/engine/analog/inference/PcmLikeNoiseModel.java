package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Chunks;
import io.analogcomposer.engine.analog.util.FloatPool;
import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;

/**
 * PCM statistics fitted on measured devices (Nandakumar et al., ICECS 2019), AIHWKit's {@code PCMLikeNoiseModel}.
 *
 * <ul>
 * <li>programming: {@code g_prog = max(0, g_T + prog_noise_scale·σ·N)}, {@code σ = Σ c_i (g_T/g_max)^i · g_max /
 * prog_coeff_g_max_reference};</li>
 * <li>drift exponent: {@code ν = drift_scale·|μ + s·N|} with {@code r = max(|g_T|/g_max, 1e-7)},
 * {@code μ = clip(−0.0155 ln r + 0.0244, 0.049, 0.1)}, {@code s = clip(−0.0125 ln r − 0.0059, 0.008, 0.045)};</li>
 * <li>at inference time: {@code t' = t + t_0}, {@code g_d = g_prog (t'/t_0)^−ν}; read noise {@code q_s =
 * min(0.2, 0.0088 / max(1e-3, (|g_prog|/g_max)^0.65))}, {@code σ_r = q_s sqrt(ln((t'+t_read)/(2 t_read)))},
 * {@code g = max(0, g_d + |g_d|·read_noise_scale·σ_r·N)}. Note q_s comes from the programmed conductance, the noise
 * scales with the drifted one, and read noise is present at t = 0.</li>
 * </ul>
 *
 * @param converter                 weight-to-conductance mapping (single pair, 25 µS by default)
 * @param progCoeff                 programming-noise polynomial coefficients in µS, lowest order first
 * @param progCoeffGMaxReference    the g_max (µS) the coefficients were fitted at
 * @param tRead                     1/f read-noise time constant (s)
 * @param t0                        first-read time of the drift fit (s)
 * @param progNoiseScale            scale of the programming noise
 * @param readNoiseScale            scale of the read noise
 * @param driftScale                scale of the drift exponents
 */
public record PcmLikeNoiseModel(ConductanceConverter converter, double[] progCoeff, double progCoeffGMaxReference,
        double tRead, double t0, double progNoiseScale, double readNoiseScale, double driftScale)
        implements
            NoiseModel {

    /** The fitted coefficients of AIHWKit, in µS for g_max = 25 µS. */
    public static final double[] DEFAULT_PROG_COEFF = {0.26348, 1.9650, -1.1731};

    /** AIHWKit's defaults (the composer's PCM device). */
    public static final PcmLikeNoiseModel DEFAULT = new PcmLikeNoiseModel(SinglePairConverter.DEFAULT,
            DEFAULT_PROG_COEFF, 25.0, 250e-9, 20.0, 1.0, 1.0, 1.0);

    /** Validates every parameter. */
    public PcmLikeNoiseModel {
        if (converter == null) {
            throw new IllegalArgumentException("pcm_like.converter must be given");
        }
        progCoeff = checkCoeff("pcm_like", progCoeff);
        NoiseModel.checkPositive("pcm_like", "prog_coeff_g_max_reference", progCoeffGMaxReference);
        NoiseModel.checkPositive("pcm_like", "t_read", tRead);
        NoiseModel.checkPositive("pcm_like", "t_0", t0);
        NoiseModel.checkScale("pcm_like", "prog_noise_scale", progNoiseScale);
        NoiseModel.checkScale("pcm_like", "read_noise_scale", readNoiseScale);
        NoiseModel.checkScale("pcm_like", "drift_scale", driftScale);
    }

    /** The defaults with the three noise scales replaced (what the composer's sliders change). */
    public PcmLikeNoiseModel withScales(double prog, double read, double drift) {
        return new PcmLikeNoiseModel(converter, progCoeff, progCoeffGMaxReference, tRead, t0, prog, read, drift);
    }

    /** Another g_max for the default single-pair converter; the coefficients keep their 25 µS reference. */
    public PcmLikeNoiseModel withGMax(double gMax) {
        return new PcmLikeNoiseModel(SinglePairConverter.withGMax(gMax), progCoeff, progCoeffGMaxReference, tRead,
                t0, progNoiseScale, readNoiseScale, driftScale);
    }

    static double[] checkCoeff(String model, double[] c) {
        if (c == null || c.length == 0) {
            throw new IllegalArgumentException(model + ".prog_coeff needs at least one coefficient");
        }
        for (double v : c) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(model + ".prog_coeff must be finite, got " + Arrays.toString(c));
            }
        }
        return c.clone();
    }

    @Override
    public double[] progCoeff() {
        return progCoeff.clone();
    }

    @Override
    public String type() {
        return "pcm_like";
    }

    @Override
    public void programConductance(float[] gT, float[] gP, int from, int to, Rng rng) {
        NoiseModel.programWithPolynomialNoise(progCoeff, converter.gMax(), progCoeffGMaxReference, progNoiseScale,
                gT, gP, from, to, rng);
    }

    @Override
    public void driftParameters(float[] gT, float[] nu, int from, int to, Rng rng) {
        DeviceKernels.pcmDriftExponents(converter.gMax(), driftScale, gT, nu, from, to, rng);
    }

    @Override
    public void driftConductance(float[] gP, float[] nu, double tInference, float[] out, int from, int to,
            Rng rng) {
        double t = tInference + t0;
        double sqrtLog = Math.sqrt(Math.log((t + tRead) / (2 * tRead)));
        DeviceKernels.pcmDrift(gP, nu, t > t0, Math.log(t / t0), readNoiseScale * sqrtLog, converter.gMax(), out, from,
                to, rng);
    }

    /**
     * With a single pair at {@code g_min = 0} one target of every weight is zero: programs both devices of each weight
     * in one pass, taking one logarithm per weight for the drift exponents (the zero target's is a constant), with the
     * same normals and values bit for bit as the per-device path.
     */
    @Override
    public Programmed programWeights(float[] w, int n, Rng rng) {
        if (!(converter instanceof SinglePairConverter sp) || sp.gMin() != 0.0) {
            return NoiseModel.super.programWeights(w, n, rng);
        }
        float scale = (float) sp.mappingFor(w, n).scale();
        float[] out = new float[n];
        float[][] nu = {new float[n], new float[n]};
        Chunks.run(n, rng, (from, to, r) -> DeviceKernels.pcmProgramPair(progCoeff, sp.gMax(),
                sp.gMax() / progCoeffGMaxReference, progNoiseScale, driftScale, w, scale, out, nu[0], nu[1], from,
                to, r));
        return new Programmed(out, nu);
    }

    /**
     * With a single pair at {@code g_min = 0} one device of every weight is at zero conductance, where drift and read
     * noise leave exactly zero: drifts only the other device of each weight (one exp/log chain per weight instead of
     * per device), with the same normals and the same values bit for bit as the per-device path.
     */
    @Override
    public float[] driftWeights(Programmed p, double tInference, Rng rng) {
        if (!(converter instanceof SinglePairConverter sp) || sp.gMin() != 0.0 || p.driftParameters().length != 2) {
            return NoiseModel.super.driftWeights(p, tInference, rng);
        }
        checkTime(tInference);
        float[] w = p.weights();
        int n = w.length;
        float scale = (float) sp.mappingFor(w, n).scale();
        double t = tInference + t0;
        double noise = readNoiseScale * Math.sqrt(Math.log((t + tRead) / (2 * tRead)));
        boolean drifting = t > t0;
        double logRatio = Math.log(t / t0);
        float[] nuPos = p.driftParameters()[0], nuNeg = p.driftParameters()[1];
        float[] out = FloatPool.take(n); // written in full by the chunks
        Chunks.run(n, rng, (from, to, r) -> DeviceKernels.pcmDriftPair(w, scale, nuPos, nuNeg, drifting, logRatio,
                noise, sp.gMax(), out, from, to, r));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmLikeNoiseModel p && converter.equals(p.converter)
                && Arrays.equals(progCoeff, p.progCoeff) && progCoeffGMaxReference == p.progCoeffGMaxReference
                && tRead == p.tRead && t0 == p.t0 && progNoiseScale == p.progNoiseScale
                && readNoiseScale == p.readNoiseScale && driftScale == p.driftScale;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(converter, Arrays.hashCode(progCoeff), progCoeffGMaxReference, tRead, t0,
                progNoiseScale, readNoiseScale, driftScale);
    }

    @Override
    public String toString() {
        return "PcmLikeNoiseModel[" + converter + ", prog_coeff=" + Arrays.toString(progCoeff) + ", ref="
                + progCoeffGMaxReference + ", t_read=" + tRead + ", t_0=" + t0 + ", scales=" + progNoiseScale + "/"
                + readNoiseScale + "/" + driftScale + "]";
    }
}
