package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.inference.SinglePairConverter;

/**
 * Programming and drift of the PCM-like noise model on one tile's weights as tensor operations: the same formulas, in
 * float32, as the Java engine's {@code PcmLikeNoiseModel} with its single-pair converter (AIHWKit's
 * {@code PCMLikeNoiseModel}): a tile's largest |w| maps to g_max, g+ and g− are programmed with polynomial noise,
 * each device draws its drift exponent from its target, and at time t the devices drift and get 1/f read noise.
 */
final class PcmLikeTensorNoise {
    private final PcmLikeNoiseModel model;
    private final SinglePairConverter converter;

    private PcmLikeTensorNoise(PcmLikeNoiseModel model, SinglePairConverter converter) {
        this.model = model;
        this.converter = converter;
    }

    /** The tensor form of {@code model}, or a refusal naming it. */
    static PcmLikeTensorNoise of(NoiseModel model) {
        if (!(model instanceof PcmLikeNoiseModel pcm)) {
            throw new UnsupportedOnTensorPath("noise_model.type=" + model.type(), "only pcm_like so far");
        }
        if (!(pcm.converter() instanceof SinglePairConverter sp)) {
            throw new UnsupportedOnTensorPath("noise_model.g_converter=" + pcm.converter().getClass().getSimpleName(),
                    "only the single-pair converter so far");
        }
        return new PcmLikeTensorNoise(pcm, sp);
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

    /** {@code max(0, g + scale·σ(g)·N)}, {@code σ = Σ c_k (g/g_max)^k · g_max/ref}. */
    private NDArray programConductance(NDArray g, NDManager m) {
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
        model.checkTime(tInference);
        NDManager m = p.weights().getManager();
        NDArray w = p.weights();
        NDArray scale = scale(w);
        double t = tInference + model.t0();
        boolean drifting = t > model.t0();
        float logRatio = (float) Math.log(t / model.t0());
        float noise = (float) (model.readNoiseScale() * Math.sqrt(Math.log((t + model.tRead()) / (2 * model.tRead()))));
        NDArray gp = driftConductance(conductance(w, scale, 1f), p.nuPlus(), drifting, logRatio, noise, m);
        NDArray gn = driftConductance(conductance(w, scale, -1f), p.nuMinus(), drifting, logRatio, noise, m);
        return gp.sub(gn).div(scale);
    }

    private NDArray driftConductance(NDArray g, NDArray nu, boolean drifting, float logRatio, float noise,
            NDManager m) {
        NDArray gd = drifting ? g.mul(nu.mul(-logRatio).exp()) : g;
        NDArray pw = g.abs().div((float) converter.gMax()).maximum(Float.MIN_NORMAL).log().mul(0.65f).exp();
        NDArray q = pw.maximum(1e-3f).pow(-1).mul(0.0088f).minimum(0.2f);
        NDArray z = m.randomNormal(0f, 1f, g.getShape(), DataType.FLOAT32);
        return gd.abs().mul(noise).mul(q).mul(z).add(gd).maximum(0f);
    }
}
