package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.io.WeightNoiseType;

/**
 * AIHWKit's training RPUConfig presets ({@code simulator/presets/configs.py}): a device preset combined with an
 * algorithm, with {@code PresetIOParameters} for forward and backward and {@code PresetUpdateParameters}; and
 * {@link #build} for any algorithm/device combination (AIHWKit's {@code build_config}).
 */
public final class TrainingPresets {
    private TrainingPresets() {
    }

    /** The training algorithms implemented here. */
    public enum Algorithm {
        /** Plain in-memory SGD on one device per cross-point ({@code SingleRPUConfig}). */
        SGD("sgd", ""),
        /** Tiki-Taka: transfer from a fast to a slow device ({@code TransferCompound}). */
        TIKI_TAKA("tiki-taka", "TikiTaka"),
        /** TTv2: transfer through a digital buffer ({@code BufferedTransferCompound} defaults). */
        BUFFERED_TRANSFER("buffered-transfer", "BufferedTransfer"),
        /** TTv2 as AIHWKit's presets define it: c-TTv2 without chopper ({@code ChoppedTransferCompound}). */
        TTV2("ttv2", "TTv2"),
        /** c-TTv2: chopped transfer with auto-granularity ({@code ChoppedTransferCompound}). */
        CHOPPED_TTV2("chopped-ttv2", "ChoppedTTv2"),
        /** AGAD: chopped transfer with a dynamic reference ({@code DynamicTransferCompound}). */
        AGAD("agad", "AGAD"),
        /** Digital accumulation, thresholded pulses ({@code MixedPrecisionCompound}). */
        MIXED_PRECISION("mixed-precision", "MixedPrecision");

        private final String name;
        private final String prefix;

        Algorithm(String name, String prefix) {
            this.name = name;
            this.prefix = prefix;
        }

        /** The preset name prefix ({@code TikiTaka}, empty for SGD). */
        public String prefix() {
            return prefix;
        }

        /** An algorithm by name ({@code sgd}, {@code tiki-taka}/{@code ttv1}, {@code mixed-precision}/{@code mp}). */
        public static Algorithm byName(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "sgd" -> SGD;
                case "tiki-taka", "tikitaka", "ttv1", "tt" -> TIKI_TAKA;
                case "mixed-precision", "mixedprecision", "mp" -> MIXED_PRECISION;
                case "buffered-transfer", "bufferedtransfer" -> BUFFERED_TRANSFER;
                case "ttv2" -> TTV2;
                case "chopped-ttv2", "choppedttv2", "c-ttv2", "cttv2" -> CHOPPED_TTV2;
                case "agad", "dynamic-transfer" -> AGAD;
                default -> throw new IllegalArgumentException("unknown algorithm '" + s
                        + "'; implemented: sgd, tiki-taka, buffered-transfer, ttv2, chopped-ttv2, agad, mixed-precision");
            };
        }
    }

    /** AIHWKit's {@code PresetIOParameters}: 7-bit DAC, 9-bit ADC, out_bound 20, out_noise 0.1, NM abs-max, BM. */
    public static IOParameters presetIo() {
        return IOParameters.DEFAULT.toBuilder().boundManagement(BoundManagement.ITERATIVE)
                .noiseManagement(NoiseManagement.ABS_MAX).inpRes(1.0 / 126).inpStoRound(false).outBound(20.0)
                .outNoise(0.1).outRes(1.0 / 510).wNoise(0.0).wNoiseType(WeightNoiseType.NONE).build();
    }

    /** AIHWKit's {@code PresetUpdateParameters} (BL 31, stochastic compressed, both managements). */
    public static UpdateParameters presetUpdate() {
        return UpdateParameters.DEFAULT;
    }

    /** The configuration of {@code algorithm} on {@code device} (AIHWKit's {@code build_config}). */
    public static TrainingRpuConfig build(Algorithm algorithm, PulsedDeviceParameters device) {
        IOParameters io = presetIo();
        return switch (algorithm) {
            case SGD -> new SingleRpuConfig(io, io, presetUpdate(), device);
            case TIKI_TAKA -> {
                // TT presets subtract each reference device's symmetry point (AIHWKit's TikiTaka*Preset)
                PulsedDeviceParameters d = device.model() == DeviceModel.SOFT_BOUNDS_REFERENCE
                        ? device.toBuilder().subtractSymmetryPoint(true).build()
                        : device;
                IOParameters read = io.toBuilder().noiseManagement(NoiseManagement.NONE)
                        .boundManagement(BoundManagement.NONE).build();
                yield new TransferRpuConfig(io, io, presetUpdate(),
                        TransferCompound.of(d, d).withTransferForward(read));
            }
            case BUFFERED_TRANSFER -> {
                PulsedDeviceParameters d = device.model() == DeviceModel.SOFT_BOUNDS_REFERENCE
                        ? device.toBuilder().subtractSymmetryPoint(true).build()
                        : device;
                IOParameters read = io.toBuilder().noiseManagement(NoiseManagement.NONE)
                        .boundManagement(BoundManagement.NONE).build();
                yield new TransferRpuConfig(io, io, presetUpdate(),
                        TransferCompound.buffered(d, d).withTransferForward(read));
            }
            case TTV2, CHOPPED_TTV2 -> {
                // AIHWKit's TTv2 and ChoppedTTv2 presets: fast_lr 0.5, auto_scale, auto_granularity 1000, chopper
                // probability 0 (TTv2) or 0.01 (c-TTv2), one column per sample
                PulsedDeviceParameters d = symmetryPointReference(device);
                yield new ChoppedTransferRpuConfig(io, io, presetUpdate(), ChoppedTransferCompound.chopped(d, d)
                        .withPreset(transferRead(io), 0.5, algorithm == Algorithm.TTV2 ? 0.0 : 0.01, true, 1000));
            }
            case AGAD -> {
                // AIHWKit's AGAD presets: fast_lr 0.5, auto_granularity 1000, tail_weightening 5, chopper every 50
                PulsedDeviceParameters d = symmetryPointReference(device);
                yield new ChoppedTransferRpuConfig(io, io, presetUpdate(),
                        ChoppedTransferCompound.dynamic(d, d).withPreset(transferRead(io), 0.5, 0.02, false, 1000));
            }
            case MIXED_PRECISION -> new MixedPrecisionRpuConfig(io, io, presetUpdate(),
                    MixedPrecisionCompound.of(device));
        };
    }

    /** The transfer presets subtract each reference device's symmetry point (AIHWKit's TikiTaka*Preset etc.). */
    private static PulsedDeviceParameters symmetryPointReference(PulsedDeviceParameters device) {
        return device.model() == DeviceModel.SOFT_BOUNDS_REFERENCE
                ? device.toBuilder().subtractSymmetryPoint(true).build()
                : device;
    }

    /** The transfer presets read A without noise or bound management. */
    private static IOParameters transferRead(IOParameters io) {
        return TransferCompound.transferRead(io);
    }

    /**
     * AIHWKit's {@code PCMPreset}: a one-sided PCM pair ({@code PCMPresetUnitCell}) refreshed after every mini-batch,
     * refresh reads with {@code PresetIOParameters} and writes with {@code PresetUpdateParameters}.
     */
    public static TrainingRpuConfig pcm() {
        IOParameters io = presetIo();
        OneSidedUnitCell cell = new OneSidedUnitCell(
                java.util.List.of(DevicePresets.pcm(), DevicePresets.pcm()), 1, true, 0.75, 0.25, io, presetUpdate());
        return new OneSidedRpuConfig(io, io, presetUpdate(), cell);
    }

    /** {@link #build(Algorithm, PulsedDeviceParameters)} with names, e.g. {@code ("tiki-taka", "ReRamSB")}. */
    public static TrainingRpuConfig build(String algorithm, String device) {
        return build(Algorithm.byName(algorithm), DevicePresets.get(device));
    }

    /**
     * A named AIHWKit preset: {@code <Device>Preset}, {@code TikiTaka<Device>Preset}, {@code TTv2<Device>Preset},
     * {@code ChoppedTTv2<Device>Preset}, {@code AGAD<Device>Preset}, {@code MixedPrecision<Device>Preset} or
     * {@code <Device>2Preset} / {@code <Device>4Preset} (vector unit cells) for the devices of {@link DevicePresets} ({@code PCMPreset} is the
     * one-sided pair of {@link #pcm()}).
     */
    public static TrainingRpuConfig named(String preset) {
        String p = preset.replaceFirst("Preset$", "");
        if ("MixedPrecisionPCM".equals(p)) {
            // AIHWKit's preset accumulates onto the one-sided PCM pair of PCMPreset
            OneSidedRpuConfig pcm = (OneSidedRpuConfig) pcm();
            return new MixedPrecisionRpuConfig(pcm.forward(), pcm.backward(), presetUpdate(),
                    MixedPrecisionCompound.of(pcm.device()));
        }
        // longest prefix first: "TTv2" must not take "ChoppedTTv2..."
        for (Algorithm a : new Algorithm[]{Algorithm.TIKI_TAKA, Algorithm.CHOPPED_TTV2, Algorithm.TTV2, Algorithm.AGAD,
                Algorithm.MIXED_PRECISION}) {
            if (p.startsWith(a.prefix())) {
                return build(a, DevicePresets.get(p.substring(a.prefix().length())));
            }
        }
        if ("PCM".equals(p)) {
            return pcm();
        }
        if (!DevicePresets.names().contains(p) && p.matches(".+[24]")
                && DevicePresets.names().contains(p.substring(0, p.length() - 1))) {
            // <Device>2Preset / <Device>4Preset: that many devices per cross-point, one updated at random per sample
            int n = p.charAt(p.length() - 1) - '0';
            return vector(DevicePresets.get(p.substring(0, p.length() - 1)), n);
        }
        return build(Algorithm.SGD, DevicePresets.get(p));
    }

    /** AIHWKit's {@code <Device>2Preset}/{@code 4Preset}: a vector cell of {@code n} devices, policy single_random. */
    public static TrainingRpuConfig vector(PulsedDeviceParameters device, int n) {
        IOParameters io = presetIo();
        VectorUnitCell cell = VectorUnitCell.of(java.util.Collections.nCopies(n, device))
                .withPolicy(VectorUnitCell.Policy.SINGLE_RANDOM);
        return new VectorRpuConfig(io, io, presetUpdate(), cell);
    }
}
