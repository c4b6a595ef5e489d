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
                case "buffered-transfer", "bufferedtransfer", "ttv2" -> BUFFERED_TRANSFER;
                default -> throw new IllegalArgumentException(
                        "unknown algorithm '" + s
                                + "'; implemented: sgd, tiki-taka, buffered-transfer, mixed-precision");
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
            case MIXED_PRECISION -> new MixedPrecisionRpuConfig(io, io, presetUpdate(),
                    MixedPrecisionCompound.of(device));
        };
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
     * A named AIHWKit preset: {@code <Device>Preset}, {@code TikiTaka<Device>Preset} or
     * {@code MixedPrecision<Device>Preset} for the devices of {@link DevicePresets} ({@code PCMPreset} is the
     * one-sided pair of {@link #pcm()}).
     */
    public static TrainingRpuConfig named(String preset) {
        String p = preset.replaceFirst("Preset$", "");
        for (Algorithm a : new Algorithm[]{Algorithm.TIKI_TAKA, Algorithm.MIXED_PRECISION}) {
            if (p.startsWith(a.prefix())) {
                return build(a, DevicePresets.get(p.substring(a.prefix().length())));
            }
        }
        if ("PCM".equals(p)) {
            return pcm();
        }
        return build(Algorithm.SGD, DevicePresets.get(p));
    }
}
