package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.BatchNorm;
import io.analogcomposer.engine.nn.Bidirectional;
import io.analogcomposer.engine.nn.Conv1d;
import io.analogcomposer.engine.nn.Conv2d;
import io.analogcomposer.engine.nn.ConvTranspose2d;
import io.analogcomposer.engine.nn.Dropout;
import io.analogcomposer.engine.nn.EncoderBlock;
import io.analogcomposer.engine.nn.LayerNorm;
import io.analogcomposer.engine.nn.MultiheadAttention;
import io.analogcomposer.engine.nn.PositionEmbedding;
import io.analogcomposer.engine.nn.TokenLinear;
import io.analogcomposer.engine.nn.TokenMean;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.Recurrent;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;
import java.util.List;

/** The digital layers' factories, with PyTorch's defaults for every optional parameter. */
final class BuiltinLayers implements LayerFactory {
    static final List<String> TYPES = List.of("linear", "conv1d", "conv2d", "conv_transpose2d", "max_pool2d",
            "avg_pool2d", "batch_norm1d", "batch_norm2d", "dropout", "flatten", "relu", "leaky_relu", "sigmoid", "tanh",
            "softmax", "log_softmax", "log_sigmoid", "lstm", "gru", "rnn", "multihead_attention", "encoder_block",
            "layer_norm", "position_embedding", "token_mean");

    private static void expectRank(String type, int[] in, int... ranks) {
        for (int r : ranks) {
            if (in.length == r) {
                return;
            }
        }
        throw new IllegalArgumentException(type + " cannot take input shape " + Arrays.toString(in) + " (rank "
                + in.length + "; expected rank " + Arrays.toString(ranks) + " per sample)");
    }

    private static void checkInferred(LayerSpec s, String key, int inferred) {
        if (s.params().containsKey(key) && s.intParam(key, inferred) != inferred) {
            throw new IllegalArgumentException(s.type() + ": " + key + " is " + s.intParam(key, 0)
                    + " but the incoming shape gives " + inferred);
        }
    }

    /** An LSTM's resolved parameters: a sequence [steps, features] in, hidden_size required. */
    static LayerSpec recurrent(LayerSpec s, int[] in) {
        expectRank(s.type(), in, 2);
        int hidden = s.requireInt("hidden_size");
        if (hidden < 1) {
            throw new IllegalArgumentException(s.type() + ": hidden_size must be >= 1, got " + hidden);
        }
        return LayerSpec.of(s.type(), "hidden_size", hidden, "return_sequence", s.boolParam("return_sequence", false),
                "bias", s.boolParam("bias", true), "bidirectional", s.boolParam("bidirectional", false));
    }

    /**
     * An attention layer's or encoder block's resolved parameters: a sequence [tokens, embed] in, num_heads dividing
     * embed; an encoder block also needs dim_feedforward (its MLP's hidden size).
     */
    static LayerSpec attention(LayerSpec s, int[] in) {
        expectRank(s.type(), in, 2);
        int heads = s.requireInt("num_heads");
        io.analogcomposer.engine.nn.MultiheadAttention.requireHeads(s.type(), in[1], heads);
        if (s.type().endsWith("encoder_block")) {
            int ff = s.requireInt("dim_feedforward");
            if (ff < 1) {
                throw new IllegalArgumentException(s.type() + ": dim_feedforward must be >= 1, got " + ff);
            }
            return LayerSpec.of(s.type(), "num_heads", heads, "dim_feedforward", ff);
        }
        return LayerSpec.of(s.type(), "num_heads", heads, "bias", s.boolParam("bias", true));
    }

    /**
     * A recurrent layer made by {@code direction}, or with {@code bidirectional: true} two of them (the second one
     * with its own weights, from {@code rng.split(2)}) reading the sequence both ways.
     */
    private static Module bidirectional(LayerSpec s, Rng rng, java.util.function.Function<Rng, Module> direction) {
        if (!s.boolParam("bidirectional", false)) {
            return direction.apply(rng);
        }
        return new Bidirectional(s.type(), direction.apply(rng.split(1)), direction.apply(rng.split(2)),
                s.requireInt("hidden_size"), s.boolParam("return_sequence", false));
    }

    private static List<Integer> pair(int[] p) {
        return List.of(p[0], p[1]);
    }

    @Override
    public LayerSpec resolve(LayerSpec s, int[] in) {
        LayerSpec r = resolveParams(s, in);
        Object label = s.params().get("name");
        return label == null ? r : r.with("name", label);
    }

    private LayerSpec resolveParams(LayerSpec s, int[] in) {
        String t = s.type();
        switch (t) {
            case "linear" -> {
                // a sequence [tokens, features] is mapped token by token, as torch.nn.Linear does
                expectRank(t, in, 1, 2);
                checkInferred(s, "in_features", in[in.length - 1]);
                return LayerSpec.of(t, "in_features", in[in.length - 1], "out_features", s.requireInt("out_features"),
                        "bias",
                        s.boolParam("bias", true));
            }
            case "conv1d" -> {
                expectRank(t, in, 2);
                checkInferred(s, "in_channels", in[0]);
                return LayerSpec.of(t, "in_channels", in[0], "out_channels", s.requireInt("out_channels"),
                        "kernel_size", s.requireInt("kernel_size"), "stride", s.intParam("stride", 1), "padding",
                        s.intParam("padding", 0), "dilation", s.intParam("dilation", 1), "bias",
                        s.boolParam("bias", true));
            }
            case "conv2d" -> {
                expectRank(t, in, 3);
                checkInferred(s, "in_channels", in[0]);
                return LayerSpec.of(t, "in_channels", in[0], "out_channels", s.requireInt("out_channels"),
                        "kernel_size", pair(s.pairParam("kernel_size", null)), "stride",
                        pair(s.pairParam("stride", new int[]{1, 1})), "padding",
                        pair(s.pairParam("padding", new int[]{0, 0})), "dilation",
                        pair(s.pairParam("dilation", new int[]{1, 1})), "bias", s.boolParam("bias", true));
            }
            case "conv_transpose2d" -> {
                expectRank(t, in, 3);
                checkInferred(s, "in_channels", in[0]);
                return LayerSpec.of(t, "in_channels", in[0], "out_channels", s.requireInt("out_channels"),
                        "kernel_size", s.requireInt("kernel_size"), "stride", s.intParam("stride", 1), "padding",
                        s.intParam("padding", 0), "output_padding", s.intParam("output_padding", 0), "dilation",
                        s.intParam("dilation", 1), "bias", s.boolParam("bias", true));
            }
            case "max_pool2d" -> {
                expectRank(t, in, 3);
                int k = s.requireInt("kernel_size");
                return LayerSpec.of(t, "kernel_size", k, "stride", s.intParam("stride", k), "padding",
                        s.intParam("padding", 0), "dilation", s.intParam("dilation", 1), "ceil_mode",
                        s.boolParam("ceil_mode", false));
            }
            case "avg_pool2d" -> {
                expectRank(t, in, 3);
                int k = s.requireInt("kernel_size");
                return LayerSpec.of(t, "kernel_size", k, "stride", s.intParam("stride", k), "padding",
                        s.intParam("padding", 0), "ceil_mode", s.boolParam("ceil_mode", false));
            }
            case "batch_norm1d", "batch_norm2d" -> {
                if (t.equals("batch_norm2d")) {
                    expectRank(t, in, 3);
                } else {
                    expectRank(t, in, 1, 2);
                }
                checkInferred(s, "num_features", in[0]);
                return LayerSpec.of(t, "num_features", in[0], "eps", s.doubleParam("eps", 1e-5), "momentum",
                        s.doubleParam("momentum", 0.1), "affine", s.boolParam("affine", true));
            }
            case "dropout" -> {
                return LayerSpec.of(t, "p", s.doubleParam("p", 0.5));
            }
            case "lstm", "gru", "rnn" -> {
                return recurrent(s, in);
            }
            case "multihead_attention", "encoder_block" -> {
                return attention(s, in);
            }
            case "layer_norm" -> {
                expectRank(t, in, 1, 2);
                double eps = s.doubleParam("eps", 1e-5);
                if (!(eps > 0)) {
                    throw new IllegalArgumentException("layer_norm: eps must be > 0, got " + eps);
                }
                return LayerSpec.of(t, "eps", eps, "affine", s.boolParam("affine", true));
            }
            case "position_embedding", "token_mean" -> {
                expectRank(t, in, 2);
                return LayerSpec.of(t);
            }
            case "leaky_relu" -> {
                return LayerSpec.of(t, "negative_slope", s.doubleParam("negative_slope", 0.01));
            }
            case "flatten", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "log_sigmoid" -> {
                for (String key : s.params().keySet()) {
                    if (!key.equals("name") && !key.equals("dim")) {
                        throw new IllegalArgumentException(t + " takes no parameter '" + key + "'");
                    }
                }
                if (s.intParam("dim", 1) != 1) {
                    throw new IllegalArgumentException(t + " runs over dim 1 (features) only, got dim "
                            + s.intParam("dim", 1));
                }
                return LayerSpec.of(t);
            }
            default -> throw new IllegalArgumentException("unknown layer type '" + t + "'");
        }
    }

    @Override
    public Module create(LayerSpec s, int[] in, Rng rng) {
        return switch (s.type()) {
            case "linear" -> in.length == 2
                    ? TokenLinear.digital(s.requireInt("in_features"), s.requireInt("out_features"),
                            s.boolParam("bias", true), rng)
                    : new Linear(s.requireInt("in_features"), s.requireInt("out_features"), s.boolParam("bias",
                            true), rng);
            case "multihead_attention" -> MultiheadAttention.digital(in[1], s.requireInt("num_heads"),
                    s.boolParam("bias", true), rng);
            case "encoder_block" -> EncoderBlock.digital(in[1], s.requireInt("num_heads"),
                    s.requireInt("dim_feedforward"), rng);
            case "layer_norm" -> new LayerNorm(in[in.length - 1], s.doubleParam("eps", 1e-5),
                    s.boolParam("affine", true));
            case "position_embedding" -> new PositionEmbedding(in[0], in[1], rng);
            case "token_mean" -> new TokenMean();
            case "conv1d" -> new Conv1d(s.requireInt("in_channels"), s.requireInt("out_channels"),
                    s.requireInt("kernel_size"), s.intParam("stride", 1), s.intParam("padding", 0),
                    s.intParam("dilation", 1), s.boolParam("bias", true), rng);
            case "conv2d" -> {
                int[] k = s.pairParam("kernel_size", null), st = s.pairParam("stride", null),
                        p = s.pairParam("padding", null), d = s.pairParam("dilation", null);
                yield new Conv2d(s.requireInt("in_channels"), s.requireInt("out_channels"), k[0], k[1], st[0], st[1],
                        p[0], p[1], d[0], d[1], s.boolParam("bias", true), rng);
            }
            case "conv_transpose2d" -> new ConvTranspose2d(s.requireInt("in_channels"), s.requireInt("out_channels"),
                    s.requireInt("kernel_size"), s.intParam("stride", 1), s.intParam("padding", 0),
                    s.intParam("output_padding", 0), s.intParam("dilation", 1), s.boolParam("bias", true), rng);
            case "max_pool2d" -> new Pool2d(Pool2d.Kind.MAX, s.requireInt("kernel_size"), s.intParam("stride", 0),
                    s.intParam("padding", 0), s.intParam("dilation", 1), s.boolParam("ceil_mode", false));
            case "avg_pool2d" -> new Pool2d(Pool2d.Kind.AVG, s.requireInt("kernel_size"), s.intParam("stride", 0),
                    s.intParam("padding", 0), 1, s.boolParam("ceil_mode", false));
            case "batch_norm1d" -> new BatchNorm(s.requireInt("num_features"), false, s.doubleParam("eps", 1e-5),
                    s.doubleParam("momentum", 0.1), s.boolParam("affine", true));
            case "batch_norm2d" -> new BatchNorm(s.requireInt("num_features"), true, s.doubleParam("eps", 1e-5),
                    s.doubleParam("momentum", 0.1), s.boolParam("affine", true));
            case "dropout" -> new Dropout(s.doubleParam("p", 0.5), rng);
            case "lstm", "gru", "rnn" -> bidirectional(s, rng, r -> s.type().equals("lstm")
                    ? Lstm.digital(in[1], s.requireInt("hidden_size"), s.boolParam("bias", true),
                            s.boolParam("return_sequence", false), r)
                    : Recurrent.digital(s.type().equals("gru") ? Recurrent.Cell.GRU : Recurrent.Cell.RNN, in[1],
                            s.requireInt("hidden_size"), s.boolParam("bias", true),
                            s.boolParam("return_sequence", false), r));
            case "flatten" -> new Flatten();
            case "relu" -> new Activation(Activation.Kind.RELU);
            case "leaky_relu" -> new Activation(Activation.Kind.LEAKY_RELU, s.doubleParam("negative_slope", 0.01));
            case "sigmoid" -> new Activation(Activation.Kind.SIGMOID);
            case "tanh" -> new Activation(Activation.Kind.TANH);
            case "softmax" -> new Activation(Activation.Kind.SOFTMAX);
            case "log_softmax" -> new Activation(Activation.Kind.LOG_SOFTMAX);
            case "log_sigmoid" -> new Activation(Activation.Kind.LOG_SIGMOID);
            default -> throw new IllegalArgumentException("unknown layer type '" + s.type() + "'");
        };
    }
}
