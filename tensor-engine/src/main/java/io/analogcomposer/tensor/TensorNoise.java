package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.inference.SinglePairConverter;
import io.analogcomposer.engine.analog.inference.StateIndependentNoiseModel;

/**
 * Programming and drift of a tile's weights as tensor operations, the same formulas in float32 as the Java engine's
 * noise models with their single-pair converter: a tile's largest |w| maps to g_max, g+ and g− are programmed with
 * noise, each device draws its drift exponent at programming, and at time t the devices drift and get 1/f read noise.
 * The PCM-like model (AIHWKit's {@code PCMLikeNoiseModel}: state-dependent noise and exponents) and the generic one
 * ({@code StateIndependentNoiseModel}) are on the device; other models are refused by name.
 */
final class TensorNoise {
    private final PcmLikeNoiseModel pcm; // null for the generic model
    private final StateIndependentNoiseModel generic; // null for the PCM-like model
    private final SinglePairConverter converter;
    private final double t0, tRead, readNoiseScale;

    private TensorNoise(PcmLikeNoiseModel pcm, StateIndependentNoiseModel generic, SinglePairConverter converter) {
        this.pcm = pcm;
        this.generic = generic;
        this.converter = converter;
        this.t0 = pcm != null ? pcm.t0() : generic.t0();
        this.tRead = pcm != null ? pcm.tRead() : generic.tRead();
        this.readNoiseScale = pcm != null ? pcm.readNoiseScale() : generic.readNoiseScale();
    }

    /** The tensor form of {@code model}, or a refusal naming it. */
    static TensorNoise of(NoiseModel model) {
        if (!(model.converter() instanceof SinglePairConverter sp)) {
            throw new UnsupportedOnTensorPath("noise_model.g_converter=" + model.converter().getClass()
                    .getSimpleName(), "only the single-pair converter so far");
        }
        return switch (model) {
            case PcmLikeNoiseModel p -> new TensorNoise(p, null, sp);
            case StateIndependentNoiseModel g -> new TensorNoise(null, g, sp);
            default -> throw new UnsupportedOnTensorPath("noise_model.type=" + model.type(),
                    "only pcm_like and state_independent so far");
        };
    }

    /** Programmed weights and per-device drift exponents of the two slices (g+ and g−). */
    record Programmed(NDArray weights, NDArray nuPlus, NDArray nuMinus) {}

    /** µS per weight unit: {@code (g_max − g_min) / max(|w|max, 1e-7)} (a 0-d array, on the device). */
    private NDArray scale(NDArray w) {
        return w.abs().max().maximum(1e-7f).pow(-1).mul((float) (converter.gMax() - converter.gMin()));
    }

    private NDArray conductance(NDArray w, NDArray scale, float sign) {
        return w.mul(scale).mul(sign).clip(0f, (float) converter.gMax()).add((float) converter.gMin());
    }

    /** Programs target weights {@code w}: programming noise and drift exponents per device (apply_programming_noise). */
    Programmed program(NDArray w) {
        NDManager m = w.getManager();
        NDArray scale = scale(w);
        NDArray gp = conductance(w, scale, 1f), gn = conductance(w, scale, -1f);
        NDArray wp = programConductance(gp, m).sub(programConductance(gn, m)).div(scale);
        return new Programmed(wp, driftExponents(gp, m), driftExponents(gn, m));
    }

    /**
     * {@code max(0, g + scale·σ(g)·N)}: PCM-like {@code σ = Σ c_k (g/g_max)^k · g_max/ref}, generic
     * {@code σ = c0 + c1 r + c2 r²} with {@code r = g/g_max}.
     */
    private NDArray programConductance(NDArray g, NDManager m) {
        if (generic != null) {
            NDArray r = g.div((float) converter.gMax());
            NDArray sig = r.mul((float) generic.c2()).add((float) generic.c1()).mul(r).add((float) generic.c0());
            NDArray z = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
            return sig.mul(z).mul((float) generic.progNoiseScale()).add(g).maximum(0f);
        }
        PcmLikeNoiseModel model = pcm;
        double[] c = model.progCoeff();
        float gm = (float) converter.gMax();
        NDArray r = g.div(gm);
        NDArray p = r.zerosLike().add((float) c[c.length - 1]);
        for (int k = c.length - 2; k >= 0; k--) {
            p = p.mul(r).add((float) c[k]);
        }
        NDArray sig = p.mul((float) (converter.gMax() / model.progCoeffGMaxReference()))
                .mul((float) model.progNoiseScale());
        NDArray z = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
        return sig.mul(z).add(g).maximum(0f);
    }

    /** {@code ν = drift_scale·|μ + s·N|} with μ, s clipped linear functions of {@code ln max(|g|/g_max, 1e-7)}. */
    private NDArray driftExponents(NDArray g, NDManager m) {
        if (generic != null) {
            NDArray z = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
            return z.mul((float) generic.driftNuStd()).add((float) generic.driftNuMean()).abs()
                    .mul((float) generic.driftScale());
        }
        PcmLikeNoiseModel model = pcm;
        NDArray lr = g.div((float) converter.gMax()).abs().maximum(1e-7f).log();
        NDArray mu = lr.mul(-0.0155f).add(0.0244f).clip(0.049f, 0.1f);
        NDArray sd = lr.mul(-0.0125f).sub(0.0059f).clip(0.008f, 0.045f);
        NDArray z = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
        return sd.mul(z).add(mu).abs().mul((float) model.driftScale());
    }

    /**
     * The weights {@code t} seconds after programming (apply_drift_noise): conductances re-derived from the programmed
     * weights, drifted with their exponents, 1/f read noise re-sampled on every call.
     */
    NDArray drift(Programmed p, double tInference) {
        (pcm != null ? (NoiseModel) pcm : generic).checkTime(tInference);
        NDManager m = p.weights().getManager();
        NDArray w = p.weights();
        NDArray scale = scale(w);
        double t = tInference + t0;
        boolean drifting = t > t0;
        float logRatio = (float) Math.log(t / t0);
        float noise = (float) (readNoiseScale * Math.sqrt(Math.log((t + tRead) / (2 * tRead))));
        NDArray gp = driftConductance(conductance(w, scale, 1f), p.nuPlus(), drifting, logRatio, noise, m);
        NDArray gn = driftConductance(conductance(w, scale, -1f), p.nuMinus(), drifting, logRatio, noise, m);
        return gp.sub(gn).div(scale);
    }

    private NDArray driftConductance(NDArray g, NDArray nu, boolean drifting, float logRatio, float noise,
            NDManager m) {
        NDArray gd = drifting ? g.mul(nu.mul(-logRatio).exp()) : g;
        NDArray z0 = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
        if (generic != null) {
            // read noise relative to g_d/g_max, independent of the programmed state
            return gd.div((float) converter.gMax()).abs().mul(noise).mul(z0).add(gd).maximum(0f);
        }
        NDArray pw = g.abs().div((float) converter.gMax()).maximum(Float.MIN_NORMAL).log().mul(0.65f).exp();
        NDArray q = pw.maximum(1e-3f).pow(-1).mul(0.0088f).minimum(0.2f);
        return gd.abs().mul(noise).mul(q).mul(z0).add(gd).maximum(0f);
    }
}
