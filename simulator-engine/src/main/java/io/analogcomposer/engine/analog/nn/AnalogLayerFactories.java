package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.update.PulsedAnalogConv;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.TrainingConfigJson;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.experiment.LayerFactory;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analog layer kinds of the experiment format: {@code analog_linear}, {@code analog_conv1d},
 * {@code analog_conv2d}, with the digital layers' parameters plus {@code rpu_config} (a map as accepted by
 * {@link ConfigMaps#rpuConfig}, e.g. {@code {"preset": "composer_web"}}; default AIHWKit's inference config). An
 * analog layer whose rpu_config has {@code type: single | unit_cell} trains in memory instead
 * ({@link PulsedAnalogLinear}, {@link PulsedAnalogConv}, and for the recurrent, attention, encoder and per-token
 * layers {@link InMemorySequenceLayers}; configuration read by {@link TrainingConfigJson}; the optimizer must be
 * {@code analog_sgd}). Call
 * {@link #register()} once before building specs that use them.
 */
public final class AnalogLayerFactories implements LayerFactory {
    /** The layer types this factory builds. */
    public static final List<String> TYPES = List.of("analog_linear", "analog_conv1d", "analog_conv2d",
            "analog_lstm", "analog_gru", "analog_rnn", "analog_multihead_attention", "analog_encoder_block");
    private static final AnalogLayerFactories INSTANCE = new AnalogLayerFactories();

    private AnalogLayerFactories() {
    }

    /** Registers the analog layer kinds with the {@link ModelBuilder}. */
    public static void register() {
        for (String t : TYPES) {
            ModelBuilder.register(t, INSTANCE);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public LayerSpec resolve(LayerSpec s, int[] in) {
        Object cfg = s.params().getOrDefault("rpu_config", Map.of("preset", "aihwkit_inference"));
        if (!(cfg instanceof Map<?, ?> cm)) {
            throw new IllegalArgumentException(s.type() + ".rpu_config must be an object, got " + cfg);
        }
        boolean training = TrainingConfigJson.isTraining((Map<String, ?>) cm);
        // validate early, with the field named
        if (training) {
            TrainingConfigJson.parse((Map<String, ?>) cm);
            TrainingConfigJson.tileLimits((Map<String, ?>) cm);
        } else {
            ConfigMaps.rpuConfig((Map<String, ?>) cm);
        }
        Map<String, Object> rpu = new LinkedHashMap<>((Map<String, Object>) cm);
        LayerSpec r = switch (s.type()) {
            case "analog_linear" -> {
                if (in.length != 2) {
                    rank(s, in, 1);
                }
                yield LayerSpec.of(s.type(), "in_features", in[in.length - 1], "out_features",
                        s.requireInt("out_features"), "bias",
                        s.boolParam("bias", true));
            }
            case "analog_conv1d" -> {
                rank(s, in, 2);
                yield LayerSpec.of(s.type(), "in_channels", in[0], "out_channels", s.requireInt("out_channels"),
                        "kernel_size", s.requireInt("kernel_size"), "stride", s.intParam("stride", 1), "padding",
                        s.intParam("padding", 0), "dilation", s.intParam("dilation", 1), "bias",
                        s.boolParam("bias", true));
            }
            case "analog_conv2d" -> {
                rank(s, in, 3);
                yield LayerSpec.of(s.type(), "in_channels", in[0], "out_channels", s.requireInt("out_channels"),
                        "kernel_size", pair(s.pairParam("kernel_size", null)), "stride",
                        pair(s.pairParam("stride", new int[]{1, 1})), "padding",
                        pair(s.pairParam("padding", new int[]{0, 0})), "dilation",
                        pair(s.pairParam("dilation", new int[]{1, 1})), "bias", s.boolParam("bias", true));
            }
            case "analog_lstm", "analog_gru", "analog_rnn" -> {
                rank(s, in, 2);
                int hidden = s.requireInt("hidden_size");
                yield LayerSpec.of(s.type(), "hidden_size", hidden, "return_sequence",
                        s.boolParam("return_sequence", false), "bias", s.boolParam("bias", true), "bidirectional",
                        s.boolParam("bidirectional", false));
            }
            case "analog_multihead_attention", "analog_encoder_block" -> {
                rank(s, in, 2);
                int heads = s.requireInt("num_heads");
                io.analogcomposer.engine.nn.MultiheadAttention.requireHeads(s.type(), in[1], heads);
                if (s.type().equals("analog_encoder_block")) {
                    int ff = s.requireInt("dim_feedforward");
                    if (ff < 1) {
                        throw new IllegalArgumentException(s.type() + ": dim_feedforward must be >= 1, got " + ff);
                    }
                    yield LayerSpec.of(s.type(), "num_heads", heads, "dim_feedforward", ff);
                }
                yield LayerSpec.of(s.type(), "num_heads", heads, "bias", s.boolParam("bias", true));
            }
            default -> throw new IllegalArgumentException("not an analog layer type: " + s.type());
        };
        return r.with("rpu_config", rpu);
    }

    private static Module pulsed(LayerSpec r, int[] in, Map<String, ?> rpu, Rng rng) {
        TrainingConfigJson.TileLimits t = TrainingConfigJson.tileLimits(rpu);
        TrainingRpuConfig cfg = TrainingConfigJson.parse(rpu);
        boolean bias = r.boolParam("bias", true);
        return switch (r.type()) {
            case "analog_linear" -> in.length == 2
                    ? InMemorySequenceLayers.linear(r.requireInt("in_features"), r.requireInt("out_features"), bias,
                            cfg, t, rng)
                    : new PulsedAnalogLinear(r.requireInt("in_features"), r.requireInt("out_features"), bias, cfg,
                            t.maxInputSize(), t.maxOutputSize(), rng);
            case "analog_multihead_attention" -> InMemorySequenceLayers.attention(in[1], r.requireInt("num_heads"),
                    bias, cfg, t, rng);
            case "analog_encoder_block" -> InMemorySequenceLayers.encoder(in[1], r.requireInt("num_heads"),
                    r.requireInt("dim_feedforward"), cfg, t, rng);
            case "analog_lstm" -> AnalogRecurrent.bidirectional(r, rng, g -> InMemorySequenceLayers.lstm(in[1],
                    r.requireInt("hidden_size"), bias, r.boolParam("return_sequence", false), cfg, t, g));
            case "analog_gru", "analog_rnn" -> AnalogRecurrent.bidirectional(r, rng,
                    g -> InMemorySequenceLayers.recurrent(r.type().equals("analog_gru")
                            ? io.analogcomposer.engine.nn.Recurrent.Cell.GRU
                            : io.analogcomposer.engine.nn.Recurrent.Cell.RNN, in[1], r.requireInt("hidden_size"),
                            bias, r.boolParam("return_sequence", false), cfg, t, g));
            case "analog_conv1d" -> PulsedAnalogConv.oneD(r.requireInt("in_channels"), r.requireInt("out_channels"),
                    r.requireInt("kernel_size"), r.intParam("stride", 1), r.intParam("padding", 0),
                    r.intParam("dilation", 1), bias, cfg, t.maxInputSize(), t.maxOutputSize(), rng);
            case "analog_conv2d" -> {
                int[] k = r.pairParam("kernel_size", null), st = r.pairParam("stride", null),
                        p = r.pairParam("padding", null), d = r.pairParam("dilation", null);
                yield new PulsedAnalogConv(r.requireInt("in_channels"), r.requireInt("out_channels"), k[0], k[1],
                        st[0], st[1], p[0], p[1], d[0], d[1], bias, cfg, t.maxInputSize(), t.maxOutputSize(), rng);
            }
            default -> throw new IllegalArgumentException("not an analog layer type: " + r.type());
        };
    }

    private static List<Integer> pair(int[] p) {
        return List.of(p[0], p[1]);
    }

    private static void rank(LayerSpec s, int[] in, int rank) {
        if (in.length != rank) {
            throw new IllegalArgumentException(s.type() + " expects a per-sample input of rank " + rank + ", got "
                    + Arrays.toString(in));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Module create(LayerSpec r, int[] in, Rng rng) {
        Map<String, ?> rpu = (Map<String, ?>) r.params().get("rpu_config");
        if (TrainingConfigJson.isTraining(rpu)) {
            // in-memory training: pulsed devices updated by AnalogSgd
            return pulsed(r, in, rpu, rng);
        }
        InferenceRpuConfig cfg = ConfigMaps.rpuConfig((Map<String, ?>) r.params().get("rpu_config"));
        boolean bias = r.boolParam("bias", true);
        return switch (r.type()) {
            case "analog_linear" -> in.length == 2
                    ? AnalogAttention.linear(r.requireInt("in_features"), r.requireInt("out_features"), bias, cfg,
                            rng)
                    : new AnalogLinear(r.requireInt("in_features"), r.requireInt("out_features"), bias, cfg, rng);
            case "analog_multihead_attention" -> AnalogAttention.attention(in[1], r.requireInt("num_heads"), bias,
                    cfg, rng);
            case "analog_encoder_block" -> AnalogAttention.encoder(in[1], r.requireInt("num_heads"),
                    r.requireInt("dim_feedforward"), cfg, rng);
            case "analog_conv1d" -> new AnalogConv1d(r.requireInt("in_channels"), r.requireInt("out_channels"),
                    r.requireInt("kernel_size"), r.intParam("stride", 1), r.intParam("padding", 0),
                    r.intParam("dilation", 1), bias, cfg, rng);
            case "analog_conv2d" -> {
                int[] k = r.pairParam("kernel_size", null), st = r.pairParam("stride", null),
                        p = r.pairParam("padding", null), d = r.pairParam("dilation", null);
                yield new AnalogConv2d(r.requireInt("in_channels"), r.requireInt("out_channels"), k[0], k[1], st[0],
                        st[1], p[0], p[1], d[0], d[1], bias, cfg, rng);
            }
            case "analog_lstm" -> AnalogRecurrent.bidirectional(r, rng, g -> AnalogRecurrent.lstm(in[1],
                    r.requireInt("hidden_size"), bias, r.boolParam("return_sequence", false), cfg, g));
            case "analog_gru", "analog_rnn" -> AnalogRecurrent.bidirectional(r, rng, g -> AnalogRecurrent.recurrent(
                    r.type().equals("analog_gru")
                            ? io.analogcomposer.engine.nn.Recurrent.Cell.GRU
                            : io.analogcomposer.engine.nn.Recurrent.Cell.RNN,
                    in[1], r.requireInt("hidden_size"), bias, r.boolParam("return_sequence", false), cfg, g));
            default -> throw new IllegalArgumentException("not an analog layer type: " + r.type());
        };
    }
}
