package io.analogcomposer.api.compat.translate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the entries of an AIHWKit network message into the layers of our experiment document. The allowed ids
 * and their typed arguments are those the AIHWKit converter can produce (training and inference mappings
 * differ); anything else is reported as a {@link Problem} naming the entry, so the user sees every unsupported
 * layer at once.
 */
final class NetworkTranslator {

    /** The argument types of one AIHWKit layer or activation, and our layer type it becomes. */
    private record Rule(String ourType, Map<String, String> arguments, Set<String> required, boolean analog) {}

    private static final Map<String, String> LINEAR = ordered("in_features", "INT", "out_features", "INT", "bias",
            "BOOL");
    private static final Map<String, String> CONV = ordered("in_channels", "INT", "out_channels", "INT",
            "kernel_size", "INTS", "stride", "INTS", "padding", "INTS", "dilation", "INTS", "bias", "BOOL");
    private static final Map<String, String> CONV_TRANSPOSE = ordered("in_channels", "INT", "out_channels", "INT",
            "kernel_size", "INTS", "stride", "INTS", "padding", "INTS", "output_padding", "INTS", "dilation",
            "INTS", "bias", "BOOL");
    private static final Map<String, String> MAX_POOL = ordered("kernel_size", "INT", "stride", "INT", "padding",
            "INT", "dilation", "INT", "ceil_mode", "BOOL");

    private static final Map<String, Rule> ACTIVATIONS = Map.of("LeakyReLU",
            new Rule("leaky_relu", ordered("negative_slope", "FLOAT"), Set.of(), false), "LogSigmoid",
            new Rule("log_sigmoid", Map.of(), Set.of(), false), "LogSoftmax",
            new Rule("log_softmax", ordered("dim", "INT"), Set.of(), false), "ReLU",
            new Rule("relu", Map.of(), Set.of(), false), "Sigmoid", new Rule("sigmoid", Map.of(), Set.of(), false),
            "Softmax", new Rule("softmax", ordered("dim", "INT"), Set.of(), false), "Tanh",
            new Rule("tanh", Map.of(), Set.of(), false));

    private final Map<String, Rule> layers;
    private final Set<String> presets;
    private final boolean inference;

    private NetworkTranslator(Map<String, Rule> layers, Set<String> presets, boolean inference) {
        this.layers = layers;
        this.presets = presets;
        this.inference = inference;
    }

    /** The layers of {@code aihwx.TrainingInput} (AIHWKit's training mapping, with the 17 training presets). */
    static NetworkTranslator training(Set<String> presets) {
        Map<String, Rule> rules = common();
        rules.put("AnalogLinear", new Rule("analog_linear", withAnalog(LINEAR, true), Set.of("out_features"), true));
        rules.put("AnalogConv2d", new Rule("analog_conv2d", withAnalog(CONV, true),
                Set.of("out_channels", "kernel_size"), true));
        return new NetworkTranslator(rules, presets, false);
    }

    /** The layers of {@code aihwx.inferencing.InferenceInput}: the analog layers and their mapped variants. */
    static NetworkTranslator inference(Set<String> presets) {
        Map<String, Rule> rules = common();
        for (String id : List.of("AnalogLinear", "AnalogLinearMapped")) {
            rules.put(id, new Rule("analog_linear", withAnalog(LINEAR, false), Set.of("out_features"), true));
        }
        for (String id : List.of("AnalogConv2d", "AnalogConv2dMapped")) {
            rules.put(id, new Rule("analog_conv2d", withAnalog(CONV, false), Set.of("out_channels", "kernel_size"),
                    true));
        }
        return new NetworkTranslator(rules, presets, true);
    }

    private static Map<String, Rule> common() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("Linear", new Rule("linear", LINEAR, Set.of("out_features"), false));
        rules.put("Conv2d", new Rule("conv2d", CONV, Set.of("out_channels", "kernel_size"), false));
        rules.put("ConvTranspose2d",
                new Rule("conv_transpose2d", CONV_TRANSPOSE, Set.of("out_channels", "kernel_size"), false));
        rules.put("BatchNorm2d", new Rule("batch_norm2d", ordered("num_features", "INT"), Set.of(), false));
        rules.put("Flatten", new Rule("flatten", Map.of(), Set.of(), false));
        rules.put("MaxPool2d", new Rule("max_pool2d", MAX_POOL, Set.of("kernel_size"), false));
        return rules;
    }

    /** The translated layers, the preset of each analog layer (in order) and the problems found. */
    record Result(ArrayNode layers, List<String> analogPresets, List<Problem> problems) {}

    /**
     * Translates the entries; {@code field} is the message path of the network's layer list (e.g.
     * {@code network.layers}), and {@code origins} receives, for each produced layer, where it came from.
     */
    Result translate(List<Entry> entries, String field, Origins origins) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<Problem> problems = new ArrayList<>();
        List<String> analogPresets = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            Entry entry = entries.get(index);
            String where = field + "[" + index + "]" + (entry.activation() ? ".activation_function" : ".layer")
                    + " (" + entry.id() + ")";
            Rule rule = (entry.activation() ? ACTIVATIONS : layers).get(entry.id());
            if (rule == null) {
                problems.add(new Problem(where, "'" + entry.id() + "' is not a supported "
                        + (entry.activation() ? "activation function" : "layer")
                        + (inference ? " for inference" : " for training"),
                        String.join(", ", (entry.activation() ? ACTIVATIONS : layers).keySet())));
                continue;
            }
            origins.put("/network/layers/" + out.size(), where);
            ObjectNode layer = out.addObject();
            layer.put("type", rule.ourType());
            Set<String> seen = new LinkedHashSet<>();
            for (Argument argument : entry.arguments()) {
                String at = where + ".arguments." + argument.name();
                if (!seen.add(argument.name())) {
                    problems.add(new Problem(at, "is given more than once", null));
                    continue;
                }
                if (rule.analog() && argument.name().equals("rpu_config")) {
                    analogPreset(argument, at, problems).ifPresent(analogPresets::add);
                    continue;
                }
                String expected = rule.analog() && argument.name().equals("weight_scaling_omega")
                        ? (inference ? null : "FLOAT")
                        : rule.arguments().get(argument.name());
                if (expected == null) {
                    if (inference) {
                        // AIHWKit's own inference decoder skips arguments it does not know; so do we.
                        continue;
                    }
                    problems.add(new Problem(at, "is not an argument of " + entry.id(),
                            allowedArguments(rule)));
                    continue;
                }
                if (!expected.equals(argument.type())) {
                    problems.add(new Problem(at, "must be of type " + expected + ", is " + argument.type(), null));
                    continue;
                }
                if (argument.name().equals("weight_scaling_omega")) {
                    // Sent by every AIHWKit training layer; the composer's decoder stores it under a misspelt
                    // name, so it never changes the preset's mapping. We behave the same and keep the preset's.
                    continue;
                }
                putValue(layer, argument, at, problems);
            }
            for (String name : rule.required()) {
                if (!seen.contains(name)) {
                    problems.add(new Problem(where + ".arguments", "needs the argument '" + name + "'",
                            allowedArguments(rule)));
                }
            }
            if (rule.analog() && !seen.contains("rpu_config")) {
                problems.add(new Problem(where + ".arguments",
                        "an analog layer needs an rpu_config (the preset's class name)", String.join(", ", presets)));
            }
        }
        return new Result(out, analogPresets, problems);
    }

    private Optional<String> analogPreset(Argument argument, String at, List<Problem> problems) {
        if (!"STRING".equals(argument.type())) {
            problems.add(new Problem(at, "must be of type STRING, is " + argument.type(), null));
            return Optional.empty();
        }
        if (!presets.contains(argument.s())) {
            problems.add(new Problem(at, "'" + argument.s() + "' is not an RPU configuration the composer accepts"
                    + (inference ? " for inference" : " for training"), String.join(", ", presets)));
            return Optional.empty();
        }
        return Optional.of(argument.s());
    }

    private static void putValue(ObjectNode layer, Argument argument, String at, List<Problem> problems) {
        switch (argument.type()) {
            case "INT" -> layer.put(argument.name(), argument.i());
            case "BOOL" -> layer.put(argument.name(), argument.b());
            case "FLOAT" -> layer.put(argument.name(), Floats.decimal(argument.f()));
            case "INTS" -> {
                List<Long> values = argument.ints();
                if (values.isEmpty()) {
                    problems.add(new Problem(at, "is an empty list", null));
                } else if (values.stream().distinct().count() > 1) {
                    problems.add(new Problem(at, "is " + values
                            + "; Analog Composer supports square kernels, strides, paddings and dilations only",
                            "equal values, e.g. [" + values.getFirst() + ", " + values.getFirst() + "]"));
                } else {
                    layer.put(argument.name(), values.getFirst());
                }
            }
            default -> problems.add(new Problem(at, "has the unsupported type " + argument.type(), null));
        }
    }

    private static String allowedArguments(Rule rule) {
        List<String> names = new ArrayList<>(rule.arguments().keySet());
        if (rule.analog()) {
            names.add("rpu_config");
        }
        return String.join(", ", names);
    }

    private static Map<String, String> withAnalog(Map<String, String> base, boolean training) {
        Map<String, String> args = new LinkedHashMap<>(base);
        if (training) {
            args.put("weight_scaling_omega", "FLOAT");
        }
        return args;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
