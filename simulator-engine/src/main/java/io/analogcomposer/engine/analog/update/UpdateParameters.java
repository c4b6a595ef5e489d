package io.analogcomposer.engine.analog.update;

/**
 * The pulsed update settings (AIHWKit's {@code UpdateParameters}; field names are the experiment format's
 * {@code update} fields in camelCase).
 *
 * @param desiredBl bit-line length BL of the pulse trains (the maximum BL with update_bl_management), [1, 1024]
 * @param fixedBl always use desired_bl pulses (else BL grows to {@code ceil(lr / dw_min)} when one train is too short)
 * @param pulseType how x and d become pulses
 * @param updateBlManagement per sample, shorten BL to {@code ceil(lr |x|max |d|max / dw_min)} (capped at desired_bl)
 * @param updateManagement per sample, balance the x and d probability scales so {@code B |x|max ≤ 1}
 * @param umGradScale weight of the gradient in the update management balance, (0, ∞)
 * @param xResImplicit resolution of the x fractions of the deterministic implicit pulse type, [0, 1] (0 = exact)
 * @param dResImplicit resolution of the d fractions of the deterministic implicit pulse type, [0, 1] (0 = exact)
 */
public record UpdateParameters(int desiredBl, boolean fixedBl, PulseType pulseType, boolean updateBlManagement,
        boolean updateManagement, double umGradScale, double xResImplicit, double dResImplicit) {

    /** Settings with exact (not discretized) implicit fractions. */
    public UpdateParameters(int desiredBl, boolean fixedBl, PulseType pulseType, boolean updateBlManagement,
            boolean updateManagement, double umGradScale) {
        this(desiredBl, fixedBl, pulseType, updateBlManagement, updateManagement, umGradScale, 0.0, 0.0);
    }

    /** AIHWKit's defaults: BL 31, stochastic compressed, both managements on. */
    public static final UpdateParameters DEFAULT = new UpdateParameters(31, true, PulseType.STOCHASTIC_COMPRESSED,
            true, true, 1.0);

    /** Validates ranges; throws naming the field and its allowed range. */
    public UpdateParameters {
        if (desiredBl < 1 || desiredBl > 1024) {
            throw new IllegalArgumentException("update.desired_bl must be in [1, 1024], got " + desiredBl);
        }
        if (pulseType == null) {
            throw new IllegalArgumentException("update.pulse_type is required");
        }
        if (!(xResImplicit >= 0 && xResImplicit <= 1) || !(dResImplicit >= 0 && dResImplicit <= 1)) {
            throw new IllegalArgumentException("update.x_res_implicit and d_res_implicit must be in [0, 1], got "
                    + xResImplicit + ", " + dResImplicit);
        }
        if (!(umGradScale > 0) || Double.isInfinite(umGradScale)) {
            throw new IllegalArgumentException("update.um_grad_scale must be positive and finite, got " + umGradScale);
        }
    }

    /** A copy with another BL. */
    public UpdateParameters withDesiredBl(int bl) {
        return new UpdateParameters(bl, fixedBl, pulseType, updateBlManagement, updateManagement, umGradScale,
                xResImplicit, dResImplicit);
    }

    /** A copy with the managements switched. */
    public UpdateParameters withManagement(boolean blManagement, boolean management) {
        return new UpdateParameters(desiredBl, fixedBl, pulseType, blManagement, management, umGradScale,
                xResImplicit, dResImplicit);
    }

    /** A copy with other implicit resolutions. */
    public UpdateParameters withImplicitResolution(double xRes, double dRes) {
        return new UpdateParameters(desiredBl, fixedBl, pulseType, updateBlManagement, updateManagement, umGradScale,
                xRes, dRes);
    }

    /** A copy with another pulse type. */
    public UpdateParameters withPulseType(PulseType t) {
        return new UpdateParameters(desiredBl, fixedBl, t, updateBlManagement, updateManagement, umGradScale,
                xResImplicit, dResImplicit);
    }

    /**
     * BL and the probability scales of one sample: a pulse of x_j fires in each of the BL slots with probability
     * {@code min(B |x_j|, 1)}, of d_i with {@code min(A |d_i|, 1)}; the expected coincidences {@code BL A B |x_j d_i|}
     * equal {@code lr |x_j d_i| / dw_min}, i.e. the SGD update in units of pulses (AIHWKit's
     * {@code calculateBlAB}/{@code performUpdateManagement}).
     *
     * @param bl pulse-train length for this sample (0 = no update)
     * @param a scale of the d probabilities
     * @param b scale of the x probabilities
     */
    public record Scales(int bl, double a, double b) {}

    /** The scales for learning rate {@code lr}, step {@code dwMin} and the sample's absolute maxima. */
    public Scales scales(double lr, double dwMin, double xAbsMax, double dAbsMax) {
        if (lr < 0) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }
        if (lr == 0 || xAbsMax == 0 || dAbsMax == 0) {
            return new Scales(0, 0, 0);
        }
        int bl;
        double a;
        if (fixedBl || updateBlManagement || dwMin * desiredBl >= lr) {
            bl = desiredBl;
            a = Math.sqrt(lr / (dwMin * bl));
        } else {
            // one full coincidence train would be smaller than lr: lengthen it with probability scales 1
            bl = Math.max((int) Math.ceil(lr / dwMin), 1);
            a = 1;
        }
        double b = a;
        if (updateBlManagement || updateManagement) {
            double xv = xAbsMax, dv = umGradScale * dAbsMax;
            double k = lr * xv * dv / dwMin; // expected pulses at the largest x and d
            if (updateBlManagement) {
                bl = Math.min((int) Math.ceil(k), desiredBl);
                a = Math.sqrt(lr / (dwMin * bl));
                b = a;
            }
            if (updateManagement) {
                if (k > desiredBl) {
                    dv *= desiredBl / k; // the train is too short: clip d rather than x
                }
                a *= Math.sqrt(xv / dv);
                b *= Math.sqrt(dv / xv);
            }
        }
        return new Scales(bl, a, b);
    }
}
