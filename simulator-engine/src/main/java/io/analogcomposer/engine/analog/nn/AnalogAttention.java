package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.nn.DenseStepMatrix;
import io.analogcomposer.engine.nn.EncoderBlock;
import io.analogcomposer.engine.nn.MultiheadAttention;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.nn.TokenLinear;
import io.analogcomposer.engine.random.Rng;

/**
 * Transformer pieces with their weight matrices on analog tiles: the attention's Q, K, V and output projections,
 * each its own analog matrix like an {@code analog_linear} (AIHWKit converts a transformer's linear layers the
 * same way), and per-token analog linears; scores, softmax, layer norms and residual sums stay digital.
 */
public final class AnalogAttention {

    private AnalogAttention() {
    }

    /** An analog attention layer with the digital one's initialisation. */
    public static MultiheadAttention attention(int embed, int heads, boolean bias, InferenceRpuConfig config,
            Rng rng) {
        return convert(MultiheadAttention.digital(embed, heads, bias, rng), config, rng.split(0xA));
    }

    /** The analog twin of a digital attention layer, with its weights. */
    public static MultiheadAttention convert(MultiheadAttention digital, InferenceRpuConfig config, Rng rng) {
        StepMatrix[] m = new StepMatrix[4];
        for (int i = 0; i < 4; i++) {
            m[i] = analog((DenseStepMatrix) digital.stepMatrices().get(i), config, rng.split(i + 1));
        }
        return new MultiheadAttention("analog_multihead_attention", digital.embed(), digital.heads(), m[0], m[1],
                m[2], m[3]);
    }

    /** A per-token analog linear with PyTorch's initialisation U(-1/sqrt(in), 1/sqrt(in)). */
    public static TokenLinear linear(int in, int out, boolean bias, InferenceRpuConfig config, Rng rng) {
        return convert(TokenLinear.digital(in, out, bias, rng), config, rng.split(0xA));
    }

    /** The analog twin of a digital per-token linear. */
    public static TokenLinear convert(TokenLinear digital, InferenceRpuConfig config, Rng rng) {
        return new TokenLinear("analog_linear", analog((DenseStepMatrix) digital.matrix(), config, rng));
    }

    /** An analog encoder layer: attention and both feed-forward matrices on tiles. */
    public static EncoderBlock encoder(int embed, int heads, int feedforward, InferenceRpuConfig config, Rng rng) {
        return convert(EncoderBlock.digital(embed, heads, feedforward, rng), config, rng.split(0xA));
    }

    /** The analog twin of a digital encoder layer, with its weights (layer norms start afresh at 1 and 0). */
    public static EncoderBlock convert(EncoderBlock digital, InferenceRpuConfig config, Rng rng) {
        return new EncoderBlock("analog_encoder_block", convert(digital.attention(), config, rng.split(1)),
                convert(digital.feedforwardUp(), config, rng.split(2)),
                convert(digital.feedforwardDown(), config, rng.split(3)), 1e-5);
    }

    private static AnalogStepMatrix analog(DenseStepMatrix d, InferenceRpuConfig config, Rng rng) {
        return AnalogStepMatrix.of(d.weight().value().toArray(), d.bias() == null
                ? null
                : d.bias().value()
                        .toArray(),
                d.inSize(), d.outSize(), config, rng);
    }
}
