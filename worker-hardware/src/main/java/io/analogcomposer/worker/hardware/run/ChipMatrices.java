package io.analogcomposer.worker.hardware.run;

import java.util.ArrayList;
import java.util.List;

import io.analogcomposer.engine.analog.nn.AnalogLayer;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.spec.network.Layer;
import io.analogcomposer.worker.hardware.chip.LayerShape;

/**
 * The bridge between the engine's analog layers and the chip: each analog layer's weight matrix as the chip stores
 * it (one device per weight, the analog bias as one more column, as AIHWKit's tiles hold it and as the validator
 * counts it), and the way back: the weights recovered from measured conductances become the layer's weights, so
 * the engine's forward pass applies the rpu_config's remaining MVM non-idealities (DAC/ADC, IO noise, bound
 * management) to what the chip actually holds, instead of its own programming-noise and drift models.
 *
 * <p>
 * Matrices are in logical units ({@code diag(scales)·W}): the Fusion converter normalises each row to g_max, so
 * the tile's digital output scales do not change the conductances, and the logical weights set back keep the layer's
 * output scaling intact.
 */
final class ChipMatrices {

    /** One analog layer of the model and its place in the document. */
    record ChipLayer(int documentIndex, String type, AnalogLayer analog) {

        /** Rows (outputs) × columns (inputs, plus the analog bias column). */
        LayerShape shape() {
            return new LayerShape(name(), analog.outSize(), analog.inSize() + (analog.analogBias() ? 1 : 0));
        }

        /** The layer's name in the Fusion file: its index in network.layers (the state-dict prefix). */
        String name() {
            return String.valueOf(documentIndex);
        }

        /** AIHWKit's class name, as the Fusion file lists it. */
        String className() {
            return switch (type) {
                case "analog_conv1d" -> "AnalogConv1d";
                case "analog_conv2d" -> "AnalogConv2d";
                default -> "AnalogLinear";
            };
        }

        /** The matrix to program, row-major {@code rows × columns}. */
        float[] matrix() {
            float[] logical = analog.logicalWeights();
            if (!analog.analogBias()) {
                return logical;
            }
            int in = analog.inSize();
            int columns = in + 1;
            float[] bias = analog.bias().value().toArray();
            float[] m = new float[analog.outSize() * columns];
            for (int o = 0; o < analog.outSize(); o++) {
                System.arraycopy(logical, o * in, m, o * columns, in);
                m[o * columns + in] = bias[o];
            }
            return m;
        }

        /** Makes the measured matrix the layer's weights (and analog bias); a digital bias is left as it is. */
        void apply(float[] measured) {
            int in = analog.inSize();
            if (!analog.analogBias()) {
                analog.setWeights(measured, null);
                return;
            }
            int columns = in + 1;
            float[] weights = new float[analog.outSize() * in];
            float[] bias = new float[analog.outSize()];
            for (int o = 0; o < analog.outSize(); o++) {
                System.arraycopy(measured, o * columns, weights, o * in, in);
                bias[o] = measured[o * columns + in];
            }
            analog.setWeights(weights, bias);
        }
    }

    private ChipMatrices() {
    }

    /**
     * The analog layers of {@code model} (built from {@code layers}) in forward order, each with its document index.
     *
     * @throws IllegalStateException when the model's analog layers do not match the document's
     */
    static List<ChipLayer> of(Module model, List<Layer> layers) {
        List<AnalogLayer> analog = AnalogNetworks.analogLayers(model);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).type().analog()) {
                indices.add(i);
            }
        }
        if (indices.size() != analog.size()) {
            throw new IllegalStateException("the document has " + indices.size() + " analog layers but the engine "
                    + "built " + analog.size());
        }
        List<ChipLayer> out = new ArrayList<>(analog.size());
        for (int k = 0; k < analog.size(); k++) {
            int index = indices.get(k);
            out.add(new ChipLayer(index, layers.get(index).type().wire(), analog.get(k)));
        }
        return out;
    }
}
