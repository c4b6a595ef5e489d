package io.analogcomposer.engine.analog.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * AIHWKit's calibrated device presets ({@code simulator/presets/devices.py}) with AIHWKit's values; the names are the
 * preset device names without the {@code PresetDevice} suffix. Fields not listed in AIHWKit's class keep their
 * {@code PulsedDevice} defaults.
 */
public final class DevicePresets {
    private static final Map<String, Supplier<PulsedDeviceParameters>> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("ReRamES", DevicePresets::reRamEs);
        PRESETS.put("ReRamSB", DevicePresets::reRamSb);
        PRESETS.put("ReRamArrayOM", DevicePresets::reRamArrayOm);
        PRESETS.put("ReRamArrayHfO2", DevicePresets::reRamArrayHfO2);
        PRESETS.put("Capacitor", DevicePresets::capacitor);
        PRESETS.put("EcRam", DevicePresets::ecRam);
        PRESETS.put("EcRamMO", DevicePresets::ecRamMo);
        PRESETS.put("Idealized", DevicePresets::idealized);
        PRESETS.put("GokmenVlasov", DevicePresets::gokmenVlasov);
        PRESETS.put("PCM", DevicePresets::pcm);
    }

    private DevicePresets() {
    }

    /** The preset names, in AIHWKit's order. */
    public static java.util.Set<String> names() {
        return PRESETS.keySet();
    }

    /** The device of a preset ({@code "ReRamSB"}, also accepted with a {@code Preset}/{@code PresetDevice} suffix). */
    public static PulsedDeviceParameters get(String name) {
        String key = name.replaceFirst("PresetDevice$", "").replaceFirst("Preset$", "");
        Supplier<PulsedDeviceParameters> s = PRESETS.get(key);
        if (s == null) {
            throw new IllegalArgumentException("unknown device preset '" + name + "'; known: " + PRESETS.keySet());
        }
        return s.get();
    }

    /** ReRAM, exponential step (ReRamESPresetDevice). */
    public static PulsedDeviceParameters reRamEs() {
        return PulsedDeviceParameters.builder(DeviceModel.EXP_STEP).dwMin(0.00135).upDown(0.259359).wMax(1.0)
                .wMin(-1.0).a(-0.5).b(-0.5).gammaUp(5.0).gammaDown(5.0).aUp(-1.18445).aDown(-0.081404)
                .dwMinDtod(0.2).upDownDtod(0.05).wMaxDtod(0.3).wMinDtod(0.3).dwMinStd(5.0).writeNoiseStd(75.0)
                .build();
    }

    /** ReRAM, soft bounds with the symmetry point corrected (ReRamSBPresetDevice). */
    public static PulsedDeviceParameters reRamSb() {
        return PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS_REFERENCE).dwMin(0.002).upDown(0.0).wMax(1.25)
                .wMin(-0.75).multNoise(false).dwMinDtod(0.3).upDownDtod(0.01).wMaxDtod(0.3 / 1.25)
                .wMinDtod(0.3 / 0.75).dwMinStd(3.75).writeNoiseStd(56).build();
    }

    /** ReRAM array with OM (Gong &amp; Rasch 2022), soft bounds reference (ReRamArrayOMPresetDevice). */
    public static PulsedDeviceParameters reRamArrayOm() {
        return PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS_REFERENCE).enforceConsistency(true)
                .dwMinDtodLogNormal(true).dwMin(0.0949).upDown(0.0).wMax(1.0).wMin(-1.0).multNoise(false)
                .dwMinDtod(0.7829).upDownDtod(0.01).wMaxDtod(0.3499).wMinDtod(0.5695).dwMinStd(0.4158)
                .writeNoiseStd(1.4113).corruptDevicesRange(0.01).corruptDevicesProb(0.0)
                .subtractSymmetryPoint(true).referenceStd(0.05).build();
    }

    /** ReRAM array with HfO2 (Gong &amp; Rasch 2022), soft bounds reference (ReRamArrayHfO2PresetDevice). */
    public static PulsedDeviceParameters reRamArrayHfO2() {
        return PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS_REFERENCE).enforceConsistency(true)
                .dwMinDtodLogNormal(true).dwMin(0.4622).upDown(0.0).wMax(1.0).wMin(-1.0).multNoise(false)
                .dwMinDtod(0.7125).upDownDtod(0.01).wMaxDtod(0.4295).wMinDtod(0.5990).dwMinStd(0.2174)
                .writeNoiseStd(0.5841).corruptDevicesRange(0.01).corruptDevicesProb(0.0)
                .subtractSymmetryPoint(true).referenceStd(0.05).build();
    }

    /** Capacitor cell, linear step with leakage (CapacitorPresetDevice). */
    public static PulsedDeviceParameters capacitor() {
        return PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).dwMin(0.005).upDown(0.0).wMax(1.0).wMin(-1.0)
                .multNoise(false).gammaUp(0.05).gammaDown(0.05).dwMinDtod(0.1).upDownDtod(0.06).wMaxDtod(0.07)
                .wMinDtod(0.07).gammaUpDtod(0.01).gammaDownDtod(0.01).dwMinStd(0.3).writeNoiseStd(0.0)
                .meanBoundReference(true).lifetime(1.0e6).lifetimeDtod(0.3).build();
    }

    /** ECRAM, linear step (EcRamPresetDevice). */
    public static PulsedDeviceParameters ecRam() {
        return PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).dwMin(0.002).upDown(0.0).wMax(1.1724)
                .wMin(-0.8276).multNoise(true).gammaUp(0.1153).gammaDown(0.5085).dwMinDtod(0.1).upDownDtod(0.01)
                .wMaxDtod(0.05).wMinDtod(0.05).gammaUpDtod(0.05).gammaDownDtod(0.05).dwMinStd(0.3)
                .writeNoiseStd(0.0).meanBoundReference(true).build();
    }

    /** Metal-oxide ECRAM, linear step (EcRamMOPresetDevice). */
    public static PulsedDeviceParameters ecRamMo() {
        return PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).dwMin(2.8214e-4).upDown(0.0).wMax(1.1714)
                .wMin(-0.8286).multNoise(true).gammaUp(0.4152).gammaDown(0.7342).dwMinDtod(0.1).upDownDtod(0.01)
                .wMaxDtod(0.05).wMinDtod(0.05).gammaUpDtod(0.05).gammaDownDtod(0.05).dwMinStd(2.0)
                .writeNoiseStd(0.0).meanBoundReference(true).build();
    }

    /** Idealized constant step device, 5x smaller steps (IdealizedPresetDevice). */
    public static PulsedDeviceParameters idealized() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).dwMin(0.0002).dwMinDtod(0.3).dwMinStd(0.3)
                .upDown(0.0).upDownDtod(0.0).wMax(1.0).wMin(-1.0).wMaxDtod(0.3).wMinDtod(0.3).build();
    }

    /** Gokmen &amp; Vlasov (2016) constant step device with about 1200 states (GokmenVlasovPresetDevice). */
    public static PulsedDeviceParameters gokmenVlasov() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).dwMin(0.0016).dwMinDtod(0.3).dwMinStd(0.3)
                .upDown(0.0).upDownDtod(0.01).wMax(1.0).wMin(-1.0).wMaxDtod(0.3).wMinDtod(0.3).build();
    }

    /** PCM, exponential step with complex noise, used one-sided in pairs (PCMPresetDevice). */
    public static PulsedDeviceParameters pcm() {
        return PulsedDeviceParameters.builder(DeviceModel.EXP_STEP).dwMin(0.01).upDown(0.0).wMax(2.0).wMin(0.0)
                .a(-1.0).b(0.0).gammaUp(2.5).gammaDown(2.5).aUp(-27.235).aDown(-2.235).dwMinDtod(0.2)
                .upDownDtod(0.05).wMaxDtod(0.1).wMinDtod(0.0).dwMinStd(0.6).dwMinStdAdd(0.042)
                .dwMinStdSlope(0.108).writeNoiseStd(0.0).reset(0.01).resetDtod(0.02).build();
    }
}
