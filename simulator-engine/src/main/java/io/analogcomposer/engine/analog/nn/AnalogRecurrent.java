package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.nn.DenseStepMatrix;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.Recurrent;
import io.analogcomposer.engine.random.Rng;

/** Recurrent layers with their weight matrices on analog tiles and their gates' non-linearities digital. */
public final class AnalogRecurrent {

    private AnalogRecurrent() {
    }

    /** An analog LSTM (AIHWKit's {@code AnalogRNN(AnalogLSTMCell, …)}), PyTorch's initialisation. */
    public static Lstm lstm(int features, int hidden, boolean bias, boolean returnSequence,
            InferenceRpuConfig config, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(hidden));
        return new Lstm("analog_lstm", features, hidden, returnSequence,
                new AnalogStepMatrix(features, 4 * hidden, bias, bound, config, rng.split(1)),
                new AnalogStepMatrix(hidden, 4 * hidden, bias, bound, config, rng.split(2)));
    }

    /** An analog GRU or RNN (AIHWKit's {@code AnalogGRUCell}, {@code AnalogVanillaRNNCell}). */
    public static Recurrent recurrent(Recurrent.Cell cell, int features, int hidden, boolean bias,
            boolean returnSequence, InferenceRpuConfig config, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(hidden));
        int g = (cell == Recurrent.Cell.GRU ? 3 : 1) * hidden;
        return new Recurrent("analog_" + cell.name().toLowerCase(), cell, features, hidden, returnSequence,
                new AnalogStepMatrix(features, g, bias, bound, config, rng.split(1)),
                new AnalogStepMatrix(hidden, g, bias, bound, config, rng.split(2)));
    }

    /**
     * The layer {@code direction} makes, or with {@code bidirectional: true} in {@code spec} two of them reading the
     * sequence both ways (as the digital layers, {@link io.analogcomposer.engine.nn.Bidirectional}).
     */
    public static io.analogcomposer.engine.nn.Module bidirectional(
            io.analogcomposer.engine.experiment.LayerSpec spec, Rng rng,
            java.util.function.Function<Rng, io.analogcomposer.engine.nn.Module> direction) {
        if (!spec.boolParam("bidirectional", false)) {
            return direction.apply(rng);
        }
        return new io.analogcomposer.engine.nn.Bidirectional(spec.type(), direction.apply(rng.split(1)),
                direction.apply(rng.split(2)), spec.requireInt("hidden_size"),
                spec.boolParam("return_sequence", false));
    }

    /** The analog twin of a digital GRU or RNN, with its weights. */
    public static Recurrent convert(Recurrent digital, InferenceRpuConfig config, Rng rng) {
        DenseStepMatrix ih = (DenseStepMatrix) digital.inputWeights();
        DenseStepMatrix hh = (DenseStepMatrix) digital.hiddenWeights();
        return new Recurrent("analog_" + digital.cell().name().toLowerCase(), digital.cell(), ih.inSize(),
                digital.hiddenSize(), digital.returnsSequence(),
                AnalogStepMatrix.of(ih.weight().value().toArray(), ih.bias() == null
                        ? null
                        : ih.bias().value()
                                .toArray(),
                        ih.inSize(), ih.outSize(), config, rng.split(1)),
                AnalogStepMatrix.of(hh.weight().value().toArray(), hh.bias() == null
                        ? null
                        : hh.bias().value()
                                .toArray(),
                        hh.inSize(), hh.outSize(), config, rng.split(2)));
    }

    /** The analog twin of a digital LSTM, with its weights. */
    public static Lstm convert(Lstm digital, InferenceRpuConfig config, Rng rng) {
        DenseStepMatrix ih = (DenseStepMatrix) digital.inputWeights();
        DenseStepMatrix hh = (DenseStepMatrix) digital.hiddenWeights();
        return new Lstm("analog_lstm", ih.inSize(), digital.hiddenSize(), digital.returnsSequence(),
                AnalogStepMatrix.of(ih.weight().value().toArray(), ih.bias() == null
                        ? null
                        : ih.bias().value()
                                .toArray(),
                        ih.inSize(), ih.outSize(), config, rng.split(1)),
                AnalogStepMatrix.of(hh.weight().value().toArray(), hh.bias() == null
                        ? null
                        : hh.bias().value()
                                .toArray(),
                        hh.inSize(), hh.outSize(), config, rng.split(2)));
    }
}
