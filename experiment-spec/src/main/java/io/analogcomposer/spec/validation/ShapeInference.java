package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.network.Layer;
import io.analogcomposer.spec.network.LayerType;
import io.analogcomposer.spec.network.Network;
import io.analogcomposer.spec.rpu.RPUConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows the shape of one sample through the network, as PyTorch computes it, and reports the first layer
 * where it stops fitting, naming the layer and the shapes. Sizes the user left out ({@code in_features},
 * {@code in_channels}, {@code num_features}) are written into the resolved tree. Also counts parameters and
 * analog weights.
 */
final class ShapeInference {

    /**
     * What the inference found out.
     *
     * @param macsPerSample multiply-accumulates of one sample's forward pass (weighted layers)
     * @param activationsPerSample values one sample's forward pass holds: every layer's output plus the patch rows
     *        a convolution unfolds its input into (what a worker keeps per sample of a batch)
     * @param heldPerSample values the engine's layers hold per sample of a batch: {@code activationsPerSample} and
     *        the outputs of the element-wise layers (activations, batch norm), which keep their own buffers
     * @param inputs the shape each layer receives, in layer order ({@code null} where it is unknown because an
     *        earlier layer does not fit)
     */
    record Outcome(long[] output, int lastWeighted, long parameters, long analogWeights, long macsPerSample,
            long activationsPerSample, List<long[]> inputs, long heldPerSample) {}

    private final Resolver.Findings findings;

    ShapeInference(Resolver.Findings findings) {
        this.findings = findings;
    }

    Outcome run(Network network, JsonNode resolvedLayers) {
        long[] shape = network.inputShape() == null
                ? null
                : network.inputShape().stream().mapToLong(i -> i == null ? 0 : i).toArray();
        List<Layer> layers = network.layers() == null ? List.of() : network.layers();
        long parameters = 0;
        long analogWeights = 0;
        long macs = 0;
        long activations = 0, elementWise = 0;
        int lastWeighted = -1;
        String previous = "the input";
        List<long[]> inputs = new ArrayList<>();
        boolean tokens = layers.stream().anyMatch(l -> l != null && l.type() != null && l.type().in("tokens"));
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            inputs.add(shape == null ? null : shape.clone());
            String at = "/network/layers/" + i;
            if (layer == null || layer.type() == null) {
                shape = null;
                continue;
            }
            LayerType type = layer.type();
            String name = "Layer " + (i + 1) + " (" + type.wire() + ")";
            ObjectNode tree = resolvedLayers.get(i) instanceof ObjectNode o ? o : null;
            long[] out = null;
            if (type.in("linear")) {
                lastWeighted = i;
                if (shape != null && shape.length == 2 && tokens) {
                    // inside a transformer encoder a linear layer acts on every token, as torch.nn.Linear does
                    long in = shape[1];
                    if (layer.inFeatures() != null && layer.inFeatures() != in) {
                        findings.error(at + "/in_features", name + " has in_features " + layer.inFeatures() + " but "
                                + previous + " produces tokens of " + in + " features.", String.valueOf(in),
                                "shape_mismatch");
                    } else if (tree != null && in <= Integer.MAX_VALUE) {
                        tree.put("in_features", (int) in);
                    }
                    if (layer.outFeatures() != null) {
                        out = new long[]{shape[0], layer.outFeatures()};
                        long weights = times(in, layer.outFeatures());
                        macs = plus(macs, times(weights, shape[0]));
                        long bias = Boolean.FALSE.equals(layer.bias()) ? 0 : layer.outFeatures();
                        parameters = plus(parameters, plus(weights, bias));
                        if (type.analog()) {
                            analogWeights = plus(analogWeights, plus(weights, analogBias(layer) ? bias : 0));
                        }
                    }
                } else if (shape != null && shape.length != 1) {
                    findings.error(at, name + " needs a flat input [features] but " + previous + " produces "
                            + show(shape) + "; add a flatten layer before it.", "a flat input [features]",
                            "shape_mismatch");
                } else if (shape != null) {
                    long in = shape[0];
                    if (layer.inFeatures() != null && layer.inFeatures() != in) {
                        findings.error(at + "/in_features", name + " has in_features " + layer.inFeatures() + " but "
                                + previous + " produces " + in + " features.", String.valueOf(in), "shape_mismatch");
                    } else if (tree != null && in <= Integer.MAX_VALUE) {
                        tree.put("in_features", (int) in);
                    }
                    if (layer.outFeatures() != null) {
                        out = new long[]{layer.outFeatures()};
                        long weights = times(in, layer.outFeatures());
                        macs = plus(macs, weights);
                        long bias = Boolean.FALSE.equals(layer.bias()) ? 0 : layer.outFeatures();
                        parameters = plus(parameters, plus(weights, bias));
                        if (type.analog()) {
                            analogWeights = plus(analogWeights, plus(weights, analogBias(layer) ? bias : 0));
                        }
                    }
                }
            } else if (type.in("conv")) {
                lastWeighted = i;
                int rank = type.in("conv1d") ? 2 : 3;
                if (shape != null && shape.length != rank) {
                    findings.error(at, name + " needs an input of shape " + (rank == 2
                            ? "[channels, length]"
                            : "[channels, height, width]") + " but " + previous + " produces " + show(shape)
                            + misplacedFlatten(shape),
                            rank == 2 ? "an input [channels, length]" : "an input [channels, height, width]",
                            "shape_mismatch");
                } else if (shape != null && layer.kernelSize() != null && layer.outChannels() != null) {
                    long channels = shape[0];
                    if (layer.inChannels() != null && layer.inChannels() != channels) {
                        findings.error(at + "/in_channels", name + " has in_channels " + layer.inChannels() + " but "
                                + previous + " produces " + channels + " channels " + show(shape) + ".",
                                String.valueOf(channels), "shape_mismatch");
                    } else if (tree != null && channels <= Integer.MAX_VALUE) {
                        tree.put("in_channels", (int) channels);
                    }
                    out = convOutput(layer, type, shape, at, name, previous);
                    long kernel = pow(layer.kernelSize(), rank - 1);
                    long weights = times(times(channels, layer.outChannels()), kernel);
                    if (out != null) {
                        // every output position (input position, transposed) is one MVM with the whole kernel
                        long[] positions = type == LayerType.CONV_TRANSPOSE2D ? shape : out;
                        long count = Arrays.stream(positions, 1, positions.length).reduce(1L, ShapeInference::times);
                        macs = plus(macs, times(weights, count));
                        if (!trainsInMemory(type, layer)) {
                            // the patch rows, which a convolution trained in memory does not keep: it multiplies
                            // them a block at a time and gathers them again from its input for the update
                            activations = plus(activations, times(times(channels, kernel), count));
                        }
                    }
                    long bias = Boolean.FALSE.equals(layer.bias()) ? 0 : layer.outChannels();
                    parameters = plus(parameters, plus(weights, bias));
                    if (type.analog()) {
                        analogWeights = plus(analogWeights, plus(weights, analogBias(layer) ? bias : 0));
                    }
                }
            } else if (type.in("recurrent")) {
                lastWeighted = i;
                if (shape != null && shape.length != 2) {
                    findings.error(at, name + " needs a sequence [steps, features] but " + previous + " produces "
                            + show(shape) + (shape.length == 3 && shape[0] == 1
                                    ? "; read an image row by row with input_shape [" + shape[1] + ", " + shape[2]
                                            + "] (steps × features)."
                                    : shape.length == 1
                                            ? "; a flat vector is no sequence (a recurrent layer before it needs return_sequence true)."
                                            : "."),
                            "an input [steps, features]", "shape_mismatch");
                } else if (shape != null && layer.hiddenSize() != null) {
                    long steps = shape[0];
                    long hidden = layer.hiddenSize();
                    // a bidirectional layer has two of everything and concatenates the two directions' states
                    long directions = Boolean.TRUE.equals(layer.bidirectional()) ? 2 : 1;
                    long width = directions * hidden;
                    out = Boolean.TRUE.equals(layer.returnSequence()) ? new long[]{steps, width} : new long[]{width};
                    // gate blocks (LSTM i, f, g, o; GRU r, z, n; RNN one): W_ih [g·h, features] and W_hh [g·h, h],
                    // each with its own bias
                    long g = type.gates();
                    long weights = times(directions, plus(times(times(g, hidden), shape[1]), times(times(g, hidden),
                            hidden)));
                    long bias = Boolean.FALSE.equals(layer.bias()) ? 0 : times(directions, times(2 * g, hidden));
                    macs = plus(macs, times(weights, steps));
                    activations = plus(activations, times(times(steps, 6), width));
                    parameters = plus(parameters, plus(weights, bias));
                    if (type.analog()) {
                        analogWeights = plus(analogWeights, plus(weights, analogBias(layer) ? bias : 0));
                    }
                }
            } else if (type.in("attention")) {
                lastWeighted = i;
                if (shape != null && shape.length != 2) {
                    findings.error(at, name + " needs a sequence [tokens, features] but " + previous + " produces "
                            + show(shape) + (shape.length == 3 && shape[0] == 1 && shape[1] % 7 == 0
                                    && shape[2] % 7 == 0
                                            ? "; cut the image into 7×7 patches with input_shape ["
                                                    + (shape[1] / 7) * (shape[2] / 7) + ", 49] (tokens × features)."
                                            : "."),
                            "an input [tokens, features]", "shape_mismatch");
                } else if (shape != null && layer.numHeads() != null) {
                    long embed = shape[1];
                    long tokenCount = shape[0];
                    if (embed % layer.numHeads() != 0) {
                        findings.error(at + "/num_heads", name + " has num_heads " + layer.numHeads()
                                + ", which does not divide the embedding size " + embed + " (the features of each "
                                + "token from " + previous + ").", "a divisor of " + embed, "invalid_value");
                    } else {
                        out = shape;
                        // Q, K, V and output projections, E×E each with a bias; per head the T×T scores and the
                        // weighted values
                        long weights = times(4, times(embed, embed));
                        long bias = Boolean.FALSE.equals(layer.bias()) ? 0 : times(4, embed);
                        if (type.in("encoder")) {
                            bias = times(4, embed);
                            if (layer.dimFeedforward() != null) {
                                weights = plus(weights, times(2, times(embed, layer.dimFeedforward())));
                                bias = plus(bias, plus(embed, layer.dimFeedforward()));
                            }
                            parameters = plus(parameters, times(4, embed)); // the two layer norms
                        }
                        macs = plus(macs, plus(times(weights, tokenCount), times(2, times(times(tokenCount,
                                tokenCount), embed))));
                        activations = plus(activations, times(times(4, tokenCount), embed));
                        parameters = plus(parameters, plus(weights, bias));
                        if (type.analog()) {
                            analogWeights = plus(analogWeights, plus(weights, analogBias(layer) ? bias : 0));
                        }
                    }
                }
            } else if (type == LayerType.POSITION_EMBEDDING || type == LayerType.TOKEN_MEAN) {
                if (shape != null && shape.length != 2) {
                    findings.error(at, name + " needs a sequence [tokens, features] but " + previous + " produces "
                            + show(shape) + ".", "an input [tokens, features]", "shape_mismatch");
                } else if (shape != null) {
                    if (type == LayerType.POSITION_EMBEDDING) {
                        parameters = plus(parameters, times(shape[0], shape[1]));
                        out = shape;
                    } else {
                        out = new long[]{shape[1]};
                    }
                }
            } else if (type == LayerType.LAYER_NORM) {
                if (shape != null && shape.length != 1 && shape.length != 2) {
                    findings.error(at, name + " needs an input [features] or [tokens, features] but " + previous
                            + " produces " + show(shape) + "; use batch_norm2d for images.",
                            "an input [features] or [tokens, features]", "shape_mismatch");
                } else if (shape != null) {
                    if (!Boolean.FALSE.equals(layer.affine())) {
                        parameters = plus(parameters, times(2, shape[shape.length - 1]));
                    }
                    out = shape;
                }
            } else if (type.in("pool")) {
                if (shape != null && shape.length != 3) {
                    findings.error(at, name + " needs an input of shape [channels, height, width] but " + previous
                            + " produces " + show(shape) + misplacedFlatten(shape),
                            "an input [channels, height, width]",
                            "shape_mismatch");
                } else if (shape != null && layer.kernelSize() != null) {
                    out = poolOutput(layer, type, shape, at, name, previous);
                }
            } else if (type.in("batch_norm")) {
                boolean twoD = type == LayerType.BATCH_NORM2D;
                boolean fits = shape == null || (twoD ? shape.length == 3 : shape.length == 1 || shape.length == 2);
                if (!fits) {
                    findings.error(at, name + " needs an input of shape " + (twoD
                            ? "[channels, height, width]"
                            : "[features] or [channels, length]") + " but " + previous + " produces " + show(shape)
                            + (twoD ? "; use batch_norm1d." : "; use batch_norm2d."),
                            twoD ? "an input [channels, height, width]" : "an input [features] or [channels, length]",
                            "shape_mismatch");
                } else if (shape != null) {
                    if (layer.numFeatures() != null && layer.numFeatures() != shape[0]) {
                        findings.error(at + "/num_features", name + " has num_features " + layer.numFeatures()
                                + " but " + previous + " produces " + shape[0] + (twoD ? " channels." : " features."),
                                String.valueOf(shape[0]), "shape_mismatch");
                    } else if (tree != null && shape[0] <= Integer.MAX_VALUE) {
                        tree.put("num_features", (int) shape[0]);
                    }
                    if (!Boolean.FALSE.equals(layer.affine())) {
                        parameters = plus(parameters, times(2, shape[0]));
                    }
                    out = shape;
                }
            } else if (type == LayerType.FLATTEN) {
                if (shape != null) {
                    if (shape.length == 1) {
                        findings.warn(at, name + " has no effect: " + previous + " is already flat " + show(shape)
                                + ".", null, "no_effect");
                    }
                    out = new long[]{Arrays.stream(shape).reduce(1L, ShapeInference::times)};
                }
            } else {
                out = shape;
            }
            if (out != null && out != shape) {
                activations = plus(activations, Arrays.stream(out).reduce(1L, ShapeInference::times));
            } else if (out != null) {
                elementWise = plus(elementWise, Arrays.stream(out).reduce(1L, ShapeInference::times));
            }
            shape = out;
            previous = "layer " + (i + 1) + " (" + type.wire() + ")";
        }
        return new Outcome(shape, lastWeighted, parameters, analogWeights, macs, activations, inputs,
                plus(activations, elementWise));
    }

    private long[] convOutput(Layer layer, LayerType type, long[] shape, String at, String name, String previous) {
        int k = layer.kernelSize();
        int s = value(layer.stride(), 1);
        int p = value(layer.padding(), 0);
        int d = value(layer.dilation(), 1);
        long span = (long) d * (k - 1) + 1;
        long[] out = new long[shape.length];
        out[0] = layer.outChannels();
        boolean transposed = type == LayerType.CONV_TRANSPOSE2D;
        int outputPadding = value(layer.outputPadding(), 0);
        if (transposed && outputPadding >= Math.max(s, d)) {
            findings.error(at + "/output_padding", name + " has output_padding " + outputPadding
                    + ", which must be smaller than its stride or dilation.", "0 ≤ value < " + Math.max(s, d),
                    "invalid_value");
            return null;
        }
        for (int axis = 1; axis < shape.length; axis++) {
            long size;
            if (transposed) {
                size = (shape[axis] - 1) * s - 2L * p + span + outputPadding;
            } else {
                long padded = shape[axis] + 2L * p;
                if (span > padded) {
                    findings.error(at + "/kernel_size", name + " has a kernel of " + span + (d > 1 ? " (dilated)" : "")
                            + " but its input from " + previous + " is only " + padded + " wide after padding "
                            + show(shape) + ".", "kernel_size ≤ " + Math.max(1, (padded - 1) / d + 1),
                            "kernel_too_large");
                    return null;
                }
                size = (padded - span) / s + 1;
            }
            if (size < 1) {
                findings.error(at, name + " produces an empty output from input " + show(shape) + ".",
                        "settings giving an output of at least 1", "shape_mismatch");
                return null;
            }
            out[axis] = size;
        }
        return out;
    }

    private long[] poolOutput(Layer layer, LayerType type, long[] shape, String at, String name, String previous) {
        int k = layer.kernelSize();
        int s = value(layer.stride(), k);
        int p = value(layer.padding(), 0);
        int d = type == LayerType.MAX_POOL2D ? value(layer.dilation(), 1) : 1;
        if (2L * p > k) {
            findings.error(at + "/padding", name + " has padding " + p + ", more than half its kernel " + k + ".",
                    "0 ≤ value ≤ " + k / 2, "invalid_value");
            return null;
        }
        long span = (long) d * (k - 1) + 1;
        long[] out = shape.clone();
        for (int axis = 1; axis < 3; axis++) {
            long padded = shape[axis] + 2L * p;
            if (span > padded) {
                findings.error(at + "/kernel_size", name + " has a window of " + span + " but its input from "
                        + previous + " is only " + padded + " wide " + show(shape) + ".",
                        "kernel_size ≤ " + Math.max(1, padded), "kernel_too_large");
                return null;
            }
            long size;
            if (Boolean.TRUE.equals(layer.ceilMode())) {
                size = Math.ceilDiv(padded - span, s) + 1;
                if ((size - 1) * s >= shape[axis] + p) {
                    size--;
                }
            } else {
                size = (padded - span) / s + 1;
            }
            out[axis] = size;
        }
        return out;
    }

    private static String misplacedFlatten(long[] shape) {
        return shape.length == 1 ? "; a flatten before it, or a flat input_shape, is in the wrong place." : ".";
    }

    /**
     * An analog convolution with a pulsed training configuration: the engine's in-memory convolution, whose patch
     * rows exist only a block at a time.
     */
    private static boolean trainsInMemory(LayerType type, Layer layer) {
        RPUConfig config = layer.rpuConfig();
        return type.analog() && config != null && config.type() != null
                && config.type().pulsedTraining();
    }

    private static boolean analogBias(Layer layer) {
        RPUConfig config = layer.rpuConfig();
        return config != null && config.mapping() != null && Boolean.FALSE.equals(config.mapping().digitalBias());
    }

    private static int value(Integer v, int fallback) {
        return v == null ? fallback : v;
    }

    private static long pow(long base, int exponent) {
        long out = 1;
        for (int i = 0; i < exponent; i++) {
            out = times(out, base);
        }
        return out;
    }

    /** Multiplication that saturates instead of overflowing, so absurd sizes stay absurd, not negative. */
    static long times(long a, long b) {
        long r = a * b;
        return (a != 0 && (r / a != b || (a > 0 && b > 0 && r < 0))) ? Long.MAX_VALUE : r;
    }

    static long plus(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    static String show(long[] shape) {
        return shape == null
                ? "[?]"
                : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    static String show(List<Integer> shape) {
        return shape == null ? "[?]" : new ArrayList<>(shape).toString();
    }
}
