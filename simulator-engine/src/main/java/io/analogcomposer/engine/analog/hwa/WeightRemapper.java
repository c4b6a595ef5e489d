package io.analogcomposer.engine.analog.hwa;

import io.analogcomposer.engine.analog.config.WeightRemapParameters;

/**
 * Remapping after a training step (AIHWKit's {@code WeightRemapper}): weights are rescaled so their max |w| (per layer
 * or per output channel) is {@code remapped_wmax} and the digital output scales absorb the factor, so the layer's
 * function is unchanged while the devices use their full range.
 */
public final class WeightRemapper {
    private WeightRemapper() {
    }

    /** Remaps {@code w [out, in]} in place and multiplies {@code scales[out]} by the inverse factors. */
    public static void remap(WeightRemapParameters p, float[] w, int out, int in, float[] scales) {
        switch (p.type()) {
            case NONE -> {
            }
            case LAYERWISE_SYMMETRIC -> {
                double m = 0;
                for (int i = 0; i < out * in; i++) {
                    m = Math.max(m, Math.abs(w[i]));
                }
                if (m > 0) {
                    double f = p.remappedWmax() / m;
                    for (int i = 0; i < out * in; i++) {
                        w[i] *= (float) f;
                    }
                    for (int o = 0; o < out; o++) {
                        scales[o] /= (float) f;
                    }
                }
            }
            case CHANNELWISE_SYMMETRIC -> {
                for (int o = 0; o < out; o++) {
                    double m = 0;
                    for (int j = 0; j < in; j++) {
                        m = Math.max(m, Math.abs(w[o * in + j]));
                    }
                    if (m > 0) {
                        double f = p.remappedWmax() / m;
                        for (int j = 0; j < in; j++) {
                            w[o * in + j] *= (float) f;
                        }
                        scales[o] /= (float) f;
                    }
                }
            }
        }
    }
}
