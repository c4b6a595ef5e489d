package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.update.PulsedStepMatrix;
import io.analogcomposer.engine.analog.update.TrainingConfigJson.TileLimits;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.nn.DenseStepMatrix;
import io.analogcomposer.engine.nn.EncoderBlock;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.MultiheadAttention;
import io.analogcomposer.engine.nn.Recurrent;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.nn.TokenLinear;
import io.analogcomposer.engine.random.Rng;

/**
 * Recurrent, attention, encoder and per-token layers trained in memory: every weight matrix is a
 * {@link PulsedStepMatrix} (AIHWKit's {@code AnalogLSTMCell}, {@code AnalogGRUCell}, {@code AnalogVanillaRNNCell} hold
 * {@code AnalogLinear} layers with the given RPU config, and {@code convert_to_analog} turns a transformer's linear
 * projections into {@code AnalogLinear}s, so all of them train with pulses when the config is a training one). The
 * gates, softmax, layer norms and residual sums stay digital; initial weights are the digital layers'.
 */
public final class InMemorySequenceLayers {

    private InMemorySequenceLayers() {
    }

    /** An LSTM whose two matrices train in memory. */
    public static Lstm lstm(int features, int hidden, boolean bias, boolean returnSequence, TrainingRpuConfig config,
            TileLimits limits, Rng rng) {
        Lstm d = Lstm.digital(features, hidden, bias, returnSequence, rng);
        return new Lstm("analog_lstm", features, hidden, returnSequence,
                pulsed(d.inputWeights(), config, limits, rng.split(0xA1)),
                pulsed(d.hiddenWeights(), config, limits, rng.split(0xA2)));
    }

    /** A GRU or vanilla RNN whose two matrices train in memory. */
    public static Recurrent recurrent(Recurrent.Cell cell, int features, int hidden, boolean bias,
            boolean returnSequence, TrainingRpuConfig config, TileLimits limits, Rng rng) {
        Recurrent d = Recurrent.digital(cell, features, hidden, bias, returnSequence, rng);
        return new Recurrent("analog_" + cell.name().toLowerCase(), cell, features, hidden, returnSequence,
                pulsed(d.inputWeights(), config, limits, rng.split(0xA1)),
                pulsed(d.hiddenWeights(), config, limits, rng.split(0xA2)));
    }

    /** Multi-head attention whose Q, K, V and output projections train in memory. */
    public static MultiheadAttention attention(int embed, int heads, boolean bias, TrainingRpuConfig config,
            TileLimits limits, Rng rng) {
        return convert(MultiheadAttention.digital(embed, heads, bias, rng), config, limits, rng.split(0xA));
    }

    /** A per-token linear that trains in memory. */
    public static TokenLinear linear(int in, int out, boolean bias, TrainingRpuConfig config, TileLimits limits,
            Rng rng) {
        return convert(TokenLinear.digital(in, out, bias, rng), config, limits, rng.split(0xA));
    }

    /** An encoder block whose attention projections and feed-forward matrices train in memory. */
    public static EncoderBlock encoder(int embed, int heads, int feedforward, TrainingRpuConfig config,
            TileLimits limits, Rng rng) {
        EncoderBlock d = EncoderBlock.digital(embed, heads, feedforward, rng);
        Rng r = rng.split(0xA);
        return new EncoderBlock("analog_encoder_block", convert(d.attention(), config, limits, r.split(1)),
                convert(d.feedforwardUp(), config, limits, r.split(2)),
                convert(d.feedforwardDown(), config, limits, r.split(3)), 1e-5);
    }

    private static MultiheadAttention convert(MultiheadAttention d, TrainingRpuConfig config, TileLimits limits,
            Rng rng) {
        StepMatrix[] m = new StepMatrix[4];
        for (int i = 0; i < 4; i++) {
            m[i] = pulsed(d.stepMatrices().get(i), config, limits, rng.split(i + 1));
        }
        return new MultiheadAttention("analog_multihead_attention", d.embed(), d.heads(), m[0], m[1], m[2], m[3]);
    }

    private static TokenLinear convert(TokenLinear d, TrainingRpuConfig config, TileLimits limits, Rng rng) {
        return new TokenLinear("analog_linear", pulsed(d.matrix(), config, limits, rng));
    }

    private static PulsedStepMatrix pulsed(StepMatrix digital, TrainingRpuConfig config, TileLimits limits, Rng rng) {
        DenseStepMatrix d = (DenseStepMatrix) digital;
        return PulsedStepMatrix.of(d.weight().value().toArray(), d.bias() == null ? null : d.bias().value().toArray(),
                d.inSize(), d.outSize(), config, limits.maxInputSize(), limits.maxOutputSize(), rng);
    }
}
