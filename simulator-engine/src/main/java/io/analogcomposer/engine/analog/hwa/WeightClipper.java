package io.analogcomposer.engine.analog.hwa;

import io.analogcomposer.engine.analog.config.WeightClipParameters;

/** Weight clipping after a training step (AIHWKit's {@code WeightClipper}). */
public final class WeightClipper {
    private WeightClipper() {
    }

    /** Clips {@code w[0, n)} in place. */
    public static void clip(WeightClipParameters p, float[] w, int n) {
        double bound;
        switch (p.type()) {
            case NONE -> {
                return;
            }
            case FIXED_VALUE -> bound = p.fixedValue();
            case LAYER_GAUSSIAN -> {
                double s = 0, s2 = 0;
                for (int i = 0; i < n; i++) {
                    s += w[i];
                    s2 += (double) w[i] * w[i];
                }
                double mean = s / n;
                bound = p.sigma() * Math.sqrt(Math.max(s2 / n - mean * mean, 0));
            }
            default -> throw new IllegalStateException("unknown clip type " + p.type());
        }
        float b = (float) bound;
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(-b, Math.min(b, w[i]));
        }
    }
}
