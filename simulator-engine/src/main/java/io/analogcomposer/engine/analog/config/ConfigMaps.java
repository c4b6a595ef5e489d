package io.analogcomposer.engine.analog.config;

import io.analogcomposer.engine.analog.inference.CustomDriftPcmNoiseModel;
import io.analogcomposer.engine.analog.inference.HermesNoiseModel;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.inference.ReRamCmoNoiseModel;
import io.analogcomposer.engine.analog.inference.ReRamWan2022NoiseModel;
import io.analogcomposer.engine.analog.inference.SinglePairConverter;
import io.analogcomposer.engine.analog.inference.StateIndependentNoiseModel;
import io.analogcomposer.engine.analog.io.IOParameters;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The analog configuration in the experiment format's snake_case vocabulary: maps (as parsed from JSON) to records
 * and back. Field names are the records' component names in snake_case, so the schema, the defaults and the docs come
 * from the records themselves.
 */
public final class ConfigMaps {
    private ConfigMaps() {
    }

    /** {@code inpRes} → {@code inp_res}. */
    public static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** A record as an ordered snake_case map (enums lower-case, nested records as maps). */
    public static Map<String, Object> toMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(snake(c.getName()), value(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (r instanceof NoiseModel n) {
            m.put("type", n.type());
        }
        return m;
    }

    private static Object value(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (v instanceof Record rec) {
            return toMap(rec);
        }
        if (v instanceof double[] d) {
            List<Double> l = new ArrayList<>();
            for (double x : d) {
                l.add(x);
            }
            return l;
        }
        return v;
    }

    /** Converter resolutions given in bits, and the step size each stands for. */
    private static final Map<String, String> BITS = Map.of("inp_bits", "inp_res", "out_bits", "out_res");

    /**
     * The forward parameters: {@code base} with the fields of {@code overrides} replaced. A resolution may also be
     * given in bits ({@code inp_bits}, {@code out_bits}: the step {@code 1 / (2^bits - 2)}, AIHWKit's convention),
     * as the experiment format allows; given with the step, the two must agree.
     */
    public static IOParameters forward(IOParameters base, Map<String, ?> overrides) {
        IOParameters.Builder b = base.toBuilder();
        TreeSet<String> allowed = new TreeSet<>(BITS.keySet());
        for (RecordComponent c : IOParameters.class.getRecordComponents()) {
            allowed.add(snake(c.getName()));
        }
        Map<String, Object> fields = new LinkedHashMap<>(overrides);
        for (Map.Entry<String, String> pair : BITS.entrySet()) {
            Object bits = fields.remove(pair.getKey());
            if (bits == null) {
                continue;
            }
            if (!(bits instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 2
                    || n.intValue() > 64) {
                throw new IllegalArgumentException(
                        "forward." + pair.getKey() + " must be a whole number of bits from 2 to 64, got " + bits);
            }
            double step = 1.0 / (Math.pow(2, n.intValue()) - 2);
            Object res = fields.get(pair.getValue());
            if (res instanceof Number r && Math.abs(r.doubleValue() - step) > 1e-12) {
                throw new IllegalArgumentException("forward." + pair.getKey() + " " + n.intValue() + " means "
                        + pair.getValue() + " " + step + ", but " + pair.getValue() + " is " + res);
            }
            fields.put(pair.getValue(), step);
        }
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown forward parameter '" + e.getKey() + "', known: " + allowed);
            }
            Method setter = null;
            for (Method m : IOParameters.Builder.class.getMethods()) {
                if (m.getName().equals(camel(e.getKey())) && m.getParameterCount() == 1) {
                    setter = m;
                }
            }
            try {
                setter.invoke(b, convert(e.getKey(), e.getValue(), setter.getParameterTypes()[0]));
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(String key, Object v, Class<?> type) {
        try {
            if (type == boolean.class) {
                return (Boolean) v;
            }
            if (type == double.class) {
                return ((Number) v).doubleValue();
            }
            if (type == int.class) {
                return ((Number) v).intValue();
            }
            if (type.isEnum()) {
                return Enum.valueOf((Class<Enum>) type, v.toString().toUpperCase(Locale.ROOT));
            }
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("forward." + key + ": cannot use " + v + " as " + type.getSimpleName()
                    + (type.isEnum() ? " (one of " + List.of(type.getEnumConstants()) + ")" : ""));
        }
        throw new IllegalArgumentException("forward." + key + " has unsupported type " + type);
    }

    /** The noise-model names accepted by {@link #noiseModel}. */
    public static final List<String> NOISE_MODELS = List.of("pcm_like", "state_independent", "custom_drift",
            "hermes", "reram_wan2022", "reram_cmo");

    private static final List<String> SCALES = List.of("prog_noise_scale", "read_noise_scale", "drift_scale");

    /** The fields {@link #noiseModel} reads for each model type (besides {@code type}); others are ignored. */
    public static final Map<String, List<String>> NOISE_MODEL_FIELDS = Map.of(
            "pcm_like", concat(List.of("g_max", "prog_coeff", "t_read", "t0"), SCALES),
            "state_independent", concat(List.of("g_max", "prog_coeff", "drift_nu_mean", "drift_nu_std", "t_read",
                    "t0"), SCALES),
            "custom_drift", concat(List.of("g_max", "prog_coeff", "t_read", "t0", "g_lst", "nu_mean_lst",
                    "nu_std_lst"), SCALES),
            "hermes", concat(List.of("num_devices"), SCALES),
            "reram_wan2022", List.of(),
            "reram_cmo", List.of("acceptance_range"));

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return List.copyOf(l);
    }

    /** The top-level fields {@link #rpuConfig} reads; anything else in the map is ignored by it. */
    public static final List<String> RPU_CONFIG_FIELDS = List.of("preset", "forward", "mapping", "noise_model",
            "drift_compensation", "modifier", "clip", "remap", "pre_post");

    /**
     * A noise model from {@code {"type": ..., fields...}}: the model's defaults with the given fields replaced.
     * Supported fields: {@code g_max}, {@code prog_noise_scale}, {@code read_noise_scale}, {@code drift_scale} (PCM,
     * HERMES, custom drift); {@code prog_coeff}, {@code t_read}, {@code t0} (PCM, state independent, custom drift);
     * {@code drift_nu_mean}, {@code drift_nu_std} (state independent); {@code num_devices} (HERMES);
     * {@code acceptance_range} (ReRAM CMO); {@code g_lst}, {@code nu_mean_lst}, {@code nu_std_lst} (custom drift).
     */
    public static NoiseModel noiseModel(Map<String, ?> m) {
        String type = m.get("type") == null ? "pcm_like" : m.get("type").toString();
        double prog = num(m, "prog_noise_scale", 1), read = num(m, "read_noise_scale", 1),
                drift = num(m, "drift_scale", 1);
        switch (type) {
            case "pcm_like" -> {
                return pcm(m, PcmLikeNoiseModel.DEFAULT.withScales(prog, read, drift));
            }
            case "state_independent" -> {
                StateIndependentNoiseModel d = StateIndependentNoiseModel.DEFAULT;
                double[] c = list(m, "prog_coeff", new double[]{d.c0(), d.c1(), d.c2()});
                if (c.length == 0 || c.length > 3) {
                    throw new IllegalArgumentException(
                            "noise_model.prog_coeff: the generic (state-independent) model takes 1 to 3 coefficients, got "
                                    + c.length);
                }
                return new StateIndependentNoiseModel(SinglePairConverter.withGMax(num(m, "g_max", 25)), c[0],
                        c.length > 1 ? c[1] : 0, c.length > 2 ? c[2] : 0, prog,
                        num(m, "drift_nu_mean", d.driftNuMean()),
                        num(m, "drift_nu_std", d.driftNuStd()), drift, num(m, "t0", d.t0()), read,
                        num(m, "t_read", d.tRead()));
            }
            case "custom_drift" -> {
                CustomDriftPcmNoiseModel e = CustomDriftPcmNoiseModel.EXAMPLE_31;
                return new CustomDriftPcmNoiseModel(pcm(m, PcmLikeNoiseModel.DEFAULT.withScales(prog, read, drift)),
                        list(m, "g_lst", e.gList()), list(m, "nu_mean_lst", e.nuMean()),
                        list(m, "nu_std_lst", e.nuStd()));
            }
            case "hermes" -> {
                HermesNoiseModel h = HermesNoiseModel.defaults((int) num(m, "num_devices", 2));
                return new HermesNoiseModel(h.numDevices(), h.converter(), h.progCoeff(), h.progCoeffGMaxReference(),
                        h.tRead(), h.t0(), prog, read, drift);
            }
            case "reram_wan2022" -> {
                return ReRamWan2022NoiseModel.DEFAULT;
            }
            case "reram_cmo" -> {
                return ReRamCmoNoiseModel.withAcceptanceRange(num(m, "acceptance_range", 0.2));
            }
            default -> throw new IllegalArgumentException(
                    "unknown noise_model type '" + type + "', known: " + NOISE_MODELS);
        }
    }

    /**
     * A PCM-like model with the map's g_max, programming-noise polynomial (fitted at 25 uS, as AIHWKit keeps it)
     * and read/drift times replaced where given.
     */
    private static PcmLikeNoiseModel pcm(Map<String, ?> m, PcmLikeNoiseModel p) {
        PcmLikeNoiseModel out = new PcmLikeNoiseModel(p.converter(), list(m, "prog_coeff", p.progCoeff()),
                p.progCoeffGMaxReference(), num(m, "t_read", p.tRead()), num(m, "t0", p.t0()), p.progNoiseScale(),
                p.readNoiseScale(), p.driftScale());
        return m.containsKey("g_max") ? out.withGMax(num(m, "g_max", 25)) : out;
    }

    /**
     * A full configuration from {@code {"preset": name, "forward": {...}, "noise_model": {...},
     * "drift_compensation": "global"}}; every part is optional (the preset defaults to AIHWKit's inference config).
     */
    @SuppressWarnings("unchecked")
    public static InferenceRpuConfig rpuConfig(Map<String, ?> m) {
        InferenceRpuConfig c = Presets
                .byName(m.get("preset") == null ? "aihwkit_inference" : m.get("preset").toString());
        if (m.get("forward") instanceof Map<?, ?> f) {
            c = c.withForward(forward(c.forward(), (Map<String, ?>) f));
        }
        if (m.get("noise_model") instanceof Map<?, ?> n) {
            c = c.withNoiseModel(noiseModel((Map<String, ?>) n));
        }
        if (m.get("mapping") instanceof Map<?, ?> mp) {
            c = c.withMapping(override(c.mapping(), (Map<String, ?>) mp, "mapping", Map.of()));
        }
        WeightModifierParameters modifier = c.modifier();
        if (m.get("modifier") instanceof Map<?, ?> md) {
            Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) md);
            // parameters of the DoReFa and PCM-noise modifiers only (refused below as types): they do nothing else
            for (String only : List.of("dorefa_clip", "pcm_zero_thres", "pcm_t_inference", "pcm_prob_at_reset",
                    "pcm_prob_at_gmax", "pcm_prob_at_random", "pcm_t0")) {
                fields.remove(only);
            }
            modifier = override(modifier, fields, "modifier", Map.of("copy_last_column", false));
        }
        WeightClipParameters clip = m.get("clip") instanceof Map<?, ?> cl
                ? override(c.clip(), (Map<String, ?>) cl, "clip", Map.of())
                : c.clip();
        WeightRemapParameters remap = m.get("remap") instanceof Map<?, ?> rm
                ? override(c.remap(), (Map<String, ?>) rm, "remap",
                        Map.of("max_scale_range", 0.0, "max_scale_ref", 0.0))
                : c.remap();
        InputRangeParameters inputRange = c.inputRange();
        if (m.get("pre_post") instanceof Map<?, ?> pp && pp.get("input_range") instanceof Map<?, ?> ir) {
            inputRange = override(inputRange, (Map<String, ?>) ir, "pre_post.input_range",
                    Map.of("manage_output_clipping", false, "output_min_percentage", 0.95, "gradient_scale", 1.0,
                            "gradient_relative", true));
        }
        c = c.withTraining(modifier, clip, remap, inputRange);
        if (m.containsKey("drift_compensation")) {
            String d = String.valueOf(m.get("drift_compensation")).toUpperCase(Locale.ROOT);
            try {
                c = c.withDriftCompensation(DriftCompensation.valueOf(d));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("drift_compensation must be one of "
                        + List.of(DriftCompensation.values()) + " (lower case), got " + m.get("drift_compensation"));
            }
        }
        return c;
    }

    /**
     * {@code base} with the fields of {@code overrides} (snake_case names of its components) replaced, through its
     * canonical constructor (so its own range checks apply). {@code unmodelled} lists fields of the format the engine
     * does not model, with the one value it accepts for them (their do-nothing value); any other value, or an unknown
     * field, fails naming {@code section.field} and what is allowed.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <R extends Record> R override(R base, Map<String, ?> overrides, String section,
            Map<String, Object> unmodelled) {
        RecordComponent[] components = base.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                args[i] = components[i].getAccessor().invoke(base);
                types[i] = components[i].getType();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            int at = -1;
            for (int i = 0; i < components.length; i++) {
                if (snake(components[i].getName()).equals(key)) {
                    at = i;
                }
            }
            if (at < 0) {
                if (unmodelled.containsKey(key)) {
                    Object only = unmodelled.get(key);
                    boolean same = only instanceof Number n
                            ? v instanceof Number w && w.doubleValue() == n.doubleValue()
                            : only.equals(v);
                    if (!same) {
                        throw new IllegalArgumentException(section + "." + key + " = " + v + ": the engine does not "
                                + "model it (only " + only + " is supported)");
                    }
                    continue;
                }
                TreeSet<String> known = new TreeSet<>(unmodelled.keySet());
                for (RecordComponent rc : components) {
                    known.add(snake(rc.getName()));
                }
                throw new IllegalArgumentException("unknown " + section + " parameter '" + key + "', known: " + known);
            }
            Class<?> type = types[at];
            try {
                if (v == null) {
                    continue;
                } else if (type == boolean.class) {
                    args[at] = (Boolean) v;
                } else if (type == double.class) {
                    args[at] = ((Number) v).doubleValue();
                } else if (type == int.class) {
                    args[at] = ((Number) v).intValue();
                } else if (type.isEnum()) {
                    args[at] = Enum.valueOf((Class<Enum>) type, v.toString().toUpperCase(Locale.ROOT));
                } else if (type == List.class) {
                    List<Double> l = new ArrayList<>();
                    for (Object x : (List<?>) v) {
                        l.add(((Number) x).doubleValue());
                    }
                    args[at] = l;
                } else {
                    throw new IllegalArgumentException(section + "." + key + " has unsupported type " + type);
                }
            } catch (ClassCastException | IllegalArgumentException ex) {
                if (ex.getMessage() != null && ex.getMessage().contains("unsupported type")) {
                    throw ex;
                }
                String allowed = type.isEnum()
                        ? " (one of " + java.util.Arrays.stream(type.getEnumConstants())
                                .map(x -> ((Enum<?>) x).name().toLowerCase(Locale.ROOT)).toList() + ")"
                        : "";
                throw new IllegalArgumentException(section + "." + key + ": the engine cannot use " + v + " as "
                        + type.getSimpleName() + allowed);
            }
        }
        try {
            return (R) base.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double num(Map<String, ?> m, String k, double def) {
        Object v = m.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("noise_model." + k + " must be a number, got " + v);
        }
        return n.doubleValue();
    }

    private static double[] list(Map<String, ?> m, String k, double[] def) {
        Object v = m.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("noise_model." + k + " must be a list of numbers, got " + v);
        }
        return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }
}
