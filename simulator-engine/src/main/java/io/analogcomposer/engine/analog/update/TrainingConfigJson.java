package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.device.DeviceJson;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an in-memory training configuration from the experiment format's {@code rpu_config} object
 * ({@code type: single | unit_cell}, snake_case names of {@code io.analogcomposer.spec.rpu.RPUConfig}). A resolved
 * document carries every field; a field this engine does not model is accepted at the value where it changes
 * nothing and refused otherwise, with the field's path and the supported value, so no run silently becomes a
 * different experiment.
 */
public final class TrainingConfigJson {
    private TrainingConfigJson() {
    }

    /** The tile-size limits of the {@code mapping} section. */
    public record TileLimits(int maxInputSize, int maxOutputSize) {}

    /** Whether {@code rpu} configures in-memory training ({@code type} single or unit_cell). */
    public static boolean isTraining(Map<String, ?> rpu) {
        Object type = rpu.get("type");
        return "single".equals(type) || "unit_cell".equals(type);
    }

    /** The configuration of a {@code type: single | unit_cell} rpu_config. */
    @SuppressWarnings("unchecked")
    public static TrainingRpuConfig parse(Map<String, ?> rpu) {
        String type = String.valueOf(rpu.get("type"));
        Set<String> known = Set.of("type", "forward", "backward", "update", "device", "mapping", "pre_post");
        for (String k : rpu.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("rpu_config." + k + " does not apply to type " + type
                        + " (in-memory training takes forward, backward, update, device, mapping)");
            }
        }
        prePost(rpu.get("pre_post"));
        IOParameters forward = io(rpu.get("forward"), "rpu_config.forward");
        IOParameters backward = io(rpu.get("backward"), "rpu_config.backward");
        UpdateParameters update = update(rpu.get("update"), "rpu_config.update");
        Map<String, Object> device = map(rpu.get("device"), "rpu_config.device");
        String deviceType = string(device.get("type"), "rpu_config.device.type");
        if ("single".equals(type)) {
            if (COMPOUNDS.contains(deviceType)) {
                throw new IllegalArgumentException("rpu_config.device.type " + deviceType
                        + " is a compound; type single takes one pulsed device (use type unit_cell)");
            }
            return new SingleRpuConfig(forward, backward, update, pulsed(device, "rpu_config.device"));
        }
        if (!"unit_cell".equals(type)) {
            throw new IllegalArgumentException("rpu_config.type must be single or unit_cell here, got " + type);
        }
        String at = "rpu_config.device";
        return switch (deviceType) {
            case "transfer", "buffered_transfer" -> new TransferRpuConfig(forward, backward, update,
                    transfer(device, at));
            case "chopped_transfer", "dynamic_transfer" -> new ChoppedTransferRpuConfig(forward, backward, update,
                    chopped(device, at));
            case "mixed_precision" -> new MixedPrecisionRpuConfig(forward, backward, update,
                    mixedPrecision(device, at));
            case "one_sided" -> new OneSidedRpuConfig(forward, backward, update, oneSided(device, at));
            case "vector", "reference" -> new VectorRpuConfig(forward, backward, update, vector(device, at));
            default -> throw new IllegalArgumentException(at + ".type " + deviceType
                    + " is not a compound; type unit_cell takes vector, reference, transfer, buffered_transfer, "
                    + "chopped_transfer, dynamic_transfer, mixed_precision or one_sided (use type single for one "
                    + "device)");
        };
    }

    /** The mapping's tile-size limits (AIHWKit's defaults 512 x 512); other mapping fields must be inert. */
    public static TileLimits tileLimits(Map<String, ?> rpu) {
        Object m = rpu.get("mapping");
        if (m == null) {
            return new TileLimits(PulsedAnalogLinear.DEFAULT_MAX_TILE, PulsedAnalogLinear.DEFAULT_MAX_TILE);
        }
        Fields f = new Fields(map(m, "rpu_config.mapping"), "rpu_config.mapping");
        int maxIn = f.integer("max_input_size", PulsedAnalogLinear.DEFAULT_MAX_TILE);
        int maxOut = f.integer("max_output_size", PulsedAnalogLinear.DEFAULT_MAX_TILE);
        // the bias is digital in this engine, and weights are not scaled
        f.inert("digital_bias", true);
        f.inert("weight_scaling_omega", 0.0);
        f.inert("weight_scaling_columnwise", false);
        f.inert("weight_scaling_lr_compensation", false);
        f.inert("learn_out_scaling", false);
        f.inert("out_scaling_columnwise", false);
        f.done();
        return new TileLimits(maxIn, maxOut);
    }

    private static final Set<String> COMPOUNDS = Set.of("vector", "reference", "one_sided", "transfer",
            "buffered_transfer", "chopped_transfer", "dynamic_transfer", "mixed_precision");

    private static void prePost(Object pp) {
        if (pp == null) {
            return;
        }
        Map<String, Object> m = map(pp, "rpu_config.pre_post");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!"input_range".equals(e.getKey())) {
                throw new IllegalArgumentException("rpu_config.pre_post." + e.getKey() + " is not supported");
            }
            Object enable = map(e.getValue(), "rpu_config.pre_post.input_range").get("enable");
            if (Boolean.TRUE.equals(enable)) {
                throw new IllegalArgumentException("rpu_config.pre_post.input_range.enable = true is not supported "
                        + "with in-memory training (type single/unit_cell) by this engine; only false");
            }
        }
    }

    /** IO parameters (bits read as resolutions by {@link ConfigMaps#forward}). */
    static IOParameters io(Object value, String where) {
        if (value == null) {
            return IOParameters.DEFAULT;
        }
        Map<String, Object> m = map(value, where);
        try {
            return ConfigMaps.forward(IOParameters.DEFAULT, m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().replaceFirst("^forward[.:] ?", ""), e);
        }
    }

    static UpdateParameters update(Object value, String where) {
        if (value == null) {
            return UpdateParameters.DEFAULT;
        }
        Fields f = new Fields(map(value, where), where);
        UpdateParameters d = UpdateParameters.DEFAULT;
        PulseType type = PulseType.fromJson(f.string("pulse_type", d.pulseType().jsonName()));
        UpdateParameters u = new UpdateParameters(f.integer("desired_bl", d.desiredBl()),
                f.bool("fixed_bl", d.fixedBl()), type, f.bool("update_bl_management", d.updateBlManagement()),
                f.bool("update_management", d.updateManagement()), f.number("um_grad_scale", d.umGradScale()),
                f.number("x_res_implicit", 0), f.number("d_res_implicit", 0));
        f.inert("res", 0.0);
        f.inert("sto_round", false);
        f.inert("d_sparsity", false);
        f.done();
        return u;
    }

    private static PulsedDeviceParameters pulsed(Map<String, Object> device, String where) {
        try {
            return DeviceJson.parse(device);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PulsedDeviceParameters> cells(Fields f, int n) {
        Object v = f.take("unit_cell_devices");
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(f.where + ".unit_cell_devices is required (a list of devices)");
        }
        if (l.size() != n) {
            throw new IllegalArgumentException(f.where + ".unit_cell_devices must hold exactly " + n
                    + " devices for " + f.type + " in this engine, got " + l.size());
        }
        List<PulsedDeviceParameters> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String at = f.where + ".unit_cell_devices[" + i + "]";
            Map<String, Object> cell = map(l.get(i), at);
            if (COMPOUNDS.contains(String.valueOf(cell.get("type")))) {
                throw new IllegalArgumentException(at + ".type " + cell.get("type")
                        + ": a unit cell holds pulsed devices, not compounds");
            }
            out.add(pulsed(cell, at));
        }
        return out;
    }

    private static void gammaVec(Fields f, double gamma) {
        Object v = f.take("gamma_vec");
        if (v instanceof List<?> l && !l.isEmpty()) {
            boolean asGamma = l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
                    && a.doubleValue() == gamma && b.doubleValue() == 1.0;
            if (!asGamma) {
                throw new IllegalArgumentException(f.where + ".gamma_vec " + l
                        + " is not supported; leave it empty (the weight is gamma * A + C)");
            }
        }
    }

    private static TransferCompound transfer(Map<String, Object> device, String where) {
        Fields f = new Fields(device, where);
        boolean buffered = "buffered_transfer".equals(f.type);
        List<PulsedDeviceParameters> cells = cells(f, 2);
        TransferCompound d = buffered
                ? TransferCompound.buffered(cells.get(0), cells.get(1))
                : TransferCompound.of(cells.get(0), cells.get(1));
        double gamma = transferGamma(f, d.gamma());
        BufferedTransfer buffer = null;
        if (buffered) {
            BufferedTransfer b = BufferedTransfer.DEFAULT;
            buffer = new BufferedTransfer(f.number("thres_scale", b.thresScale()), f.number("step", b.step()),
                    f.number("momentum", b.momentum()), f.bool("forget_buffer", b.forgetBuffer()));
        }
        TransferCompound t = new TransferCompound(cells, gamma, f.number("transfer_every", d.transferEvery()),
                f.bool("units_in_mbatch", d.unitsInMbatch()),
                f.integer("n_reads_per_transfer", d.nReadsPerTransfer()),
                f.number("with_reset_prob", d.withResetProb()), f.bool("random_selection", d.randomSelection()),
                f.number("fast_lr", d.fastLr()), f.number("transfer_lr", d.transferLr()),
                f.bool("scale_transfer_lr", d.scaleTransferLr()), f.bool("scale_fast_lr", d.scaleFastLr()),
                io(f.take("transfer_forward"), where + ".transfer_forward"),
                f.has("transfer_update")
                        ? update(f.take("transfer_update"), where + ".transfer_update")
                        : d.transferUpdate(),
                buffer);
        f.done();
        return t;
    }

    /** The gamma of a transfer compound ({@code gamma_vec} only as gamma, 1), with the fields every transfer ignores. */
    private static double transferGamma(Fields f, double defaultGamma) {
        double gamma = f.number("gamma", defaultGamma);
        gammaVec(f, gamma);
        commonTransferInert(f);
        return gamma;
    }

    private static void commonTransferInert(Fields f) {
        f.inert("transfer_columns", true);
        f.take("no_self_transfer"); // with two devices there is no transfer from the last one anyway
        f.take("construction_seed");
    }

    private static ChoppedTransferCompound chopped(Map<String, Object> device, String where) {
        Fields f = new Fields(device, where);
        boolean dynamic = "dynamic_transfer".equals(f.type);
        List<PulsedDeviceParameters> cells = cells(f, 2);
        ChoppedTransferCompound d = dynamic
                ? ChoppedTransferCompound.dynamic(cells.get(0), cells.get(1))
                : ChoppedTransferCompound.chopped(cells.get(0), cells.get(1));
        double gamma = transferGamma(f, d.gamma());
        // AIHWKit's chopped transfer supports one sequential read per transfer only (checkSupported)
        f.inert("n_reads_per_transfer", 1);
        f.inert("random_selection", false);
        f.inert("with_reset_prob", 0.0);
        ChoppedTransferCompound.DynamicTransfer dyn = null;
        if (dynamic) {
            ChoppedTransferCompound.DynamicTransfer dd = d.dynamic();
            dyn = new ChoppedTransferCompound.DynamicTransfer(f.number("tail_weightening", dd.tailWeightening()),
                    f.number("buffer_cap", dd.bufferCap()),
                    f.bool("experimental_correct_accumulation", dd.correctAccumulation()));
        }
        ChoppedTransferCompound c = new ChoppedTransferCompound(cells, gamma,
                f.number("transfer_every", d.transferEvery()), f.bool("units_in_mbatch", d.unitsInMbatch()),
                f.number("fast_lr", d.fastLr()), f.number("transfer_lr", d.transferLr()),
                f.bool("scale_transfer_lr", d.scaleTransferLr()), f.bool("scale_fast_lr", d.scaleFastLr()),
                io(f.take("transfer_forward"), where + ".transfer_forward"),
                f.has("transfer_update")
                        ? update(f.take("transfer_update"), where + ".transfer_update")
                        : d.transferUpdate(),
                f.number("step", d.step()), f.number("momentum", d.momentum()),
                f.bool("forget_buffer", d.forgetBuffer()), f.number("in_chop_prob", d.inChopProb()),
                f.bool("in_chop_random", d.inChopRandom()), f.number("out_chop_prob", d.outChopProb()),
                f.number("buffer_granularity", d.bufferGranularity()),
                f.number("auto_granularity", d.autoGranularity()), f.bool("no_buffer", d.noBuffer()),
                f.bool("auto_scale", d.autoScale()), f.number("auto_momentum", d.autoMomentum()),
                f.bool("correct_gradient_magnitudes", d.correctGradientMagnitudes()), dyn);
        f.done();
        return c;
    }

    private static VectorUnitCell vector(Map<String, Object> device, String where) {
        Fields f = new Fields(device, where);
        boolean reference = "reference".equals(f.type);
        Object list = f.left.get("unit_cell_devices");
        int n = list instanceof List<?> l ? l.size() : 0;
        if (reference && n != 2) {
            throw new IllegalArgumentException(where + ".unit_cell_devices must hold exactly 2 devices for reference "
                    + "(the device and its reference), got " + n);
        }
        List<PulsedDeviceParameters> cells = cells(f, Math.max(n, 1));
        VectorUnitCell d = reference ? VectorUnitCell.reference(cells) : VectorUnitCell.of(cells);
        f.take("construction_seed");
        List<Double> gammas = d.gammaVec();
        Object g = f.take("gamma_vec");
        if (g instanceof List<?> l && !l.isEmpty()) {
            gammas = new ArrayList<>();
            for (Object o : l) {
                gammas.add(number(o, where + ".gamma_vec").doubleValue());
            }
        }
        VectorUnitCell v = new VectorUnitCell(cells,
                VectorUnitCell.Policy.fromJson(f.string("update_policy", d.updatePolicy().name().toLowerCase(
                        java.util.Locale.ROOT))),
                f.integer("first_update_idx", d.firstUpdateIdx()), gammas);
        f.done();
        return v;
    }

    private static MixedPrecisionCompound mixedPrecision(Map<String, Object> device, String where) {
        Fields f = new Fields(device, where);
        Map<String, Object> inner = map(f.take("device"), where + ".device");
        String innerType = String.valueOf(inner.get("type"));
        MixedPrecisionCompound d = switch (innerType) {
            case "one_sided" -> MixedPrecisionCompound.of(oneSided(inner, where + ".device"));
            case "vector", "reference" -> MixedPrecisionCompound.of(vector(inner, where + ".device"));
            default -> {
                if (COMPOUNDS.contains(innerType)) {
                    throw new IllegalArgumentException(where + ".device.type " + innerType
                            + ": mixed precision updates a pulsed device, a one_sided pair or a vector cell");
                }
                yield MixedPrecisionCompound.of(pulsed(inner, where + ".device"));
            }
        };
        f.take("construction_seed");
        double every = f.number("transfer_every", d.transferEvery());
        if (every != Math.rint(every) || every < 1) {
            throw new IllegalArgumentException(where + ".transfer_every must be a whole number >= 1 for "
                    + "mixed_precision in this engine, got " + every);
        }
        MixedPrecisionCompound m = new MixedPrecisionCompound(d.device(), (int) every,
                f.integer("n_rows_per_transfer", d.nRowsPerTransfer()), f.bool("random_row", d.randomRow()),
                f.number("granularity", d.granularity()), f.number("transfer_lr", d.transferLr()),
                f.integer("n_x_bins", d.nXBins()), f.integer("n_d_bins", d.nDBins()),
                f.bool("stoc_round_x", d.stocRoundX()), f.bool("stoc_round_d", d.stocRoundD()), d.oneSided(),
                d.vector());
        f.done();
        return m;
    }

    private static OneSidedUnitCell oneSided(Map<String, Object> device, String where) {
        Fields f = new Fields(device, where);
        List<PulsedDeviceParameters> cells = cells(f, 2);
        OneSidedUnitCell d = OneSidedUnitCell.of(cells.get(0));
        f.take("construction_seed");
        f.inert("copy_inverted", false);
        OneSidedUnitCell o = new OneSidedUnitCell(cells, f.integer("refresh_every", d.refreshEvery()),
                f.bool("units_in_mbatch", d.unitsInMbatch()), f.number("refresh_upper_thres", d.refreshUpperThres()),
                f.number("refresh_lower_thres", d.refreshLowerThres()),
                io(f.take("refresh_forward"), where + ".refresh_forward"),
                f.has("refresh_update")
                        ? update(f.take("refresh_update"), where + ".refresh_update")
                        : d.refreshUpdate());
        f.done();
        if (!o.unitsInMbatch()) {
            throw new IllegalArgumentException(where + ".units_in_mbatch = false is not supported for one_sided by "
                    + "this engine (refresh_every counts mini-batches); only true");
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String where) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be an object, got " + v);
        }
        return (Map<String, Object>) m;
    }

    private static String string(Object v, String where) {
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + " is required (a string), got " + v);
        }
        return s;
    }

    private static Number number(Object v, String where) {
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(where + " must be a number, got " + v);
        }
        return n;
    }

    /** The fields of one object, taken one by one; {@link #done} refuses what is left. */
    private static final class Fields {
        final Map<String, Object> left;
        final String where;
        final String type;

        Fields(Map<String, Object> m, String where) {
            this.left = new HashMap<>(m);
            this.where = where;
            this.type = m.get("type") == null ? null : m.get("type").toString();
            left.remove("type");
        }

        boolean has(String k) {
            return left.get(k) != null;
        }

        Object take(String k) {
            return left.remove(k);
        }

        double number(String k, double def) {
            Object v = take(k);
            return v == null ? def : TrainingConfigJson.number(v, where + "." + k).doubleValue();
        }

        int integer(String k, int def) {
            Object v = take(k);
            if (v == null) {
                return def;
            }
            double x = TrainingConfigJson.number(v, where + "." + k).doubleValue();
            if (x != Math.rint(x)) {
                throw new IllegalArgumentException(where + "." + k + " must be a whole number, got " + v);
            }
            return (int) x;
        }

        boolean bool(String k, boolean def) {
            Object v = take(k);
            if (v == null) {
                return def;
            }
            if (!(v instanceof Boolean b)) {
                throw new IllegalArgumentException(where + "." + k + " must be true or false, got " + v);
            }
            return b;
        }

        String string(String k, String def) {
            Object v = take(k);
            return v == null ? def : TrainingConfigJson.string(v, where + "." + k);
        }

        /** A field the engine does not model: accepted only at the value where it has no effect. */
        void inert(String k, Object value) {
            Object v = take(k);
            if (v == null) {
                return;
            }
            boolean same = value instanceof Number n
                    ? v instanceof Number m && m.doubleValue() == n.doubleValue()
                    : value.equals(v);
            if (!same) {
                throw new IllegalArgumentException(where + "." + k + " = " + v
                        + " is not supported by this engine's in-memory training; only " + value);
            }
        }

        void done() {
            if (!left.isEmpty()) {
                throw new IllegalArgumentException(where + (type == null ? "" : " (" + type + ")")
                        + ": field(s) " + new java.util.TreeSet<>(left.keySet())
                        + " do not apply or are not supported by this engine");
            }
        }
    }
}
