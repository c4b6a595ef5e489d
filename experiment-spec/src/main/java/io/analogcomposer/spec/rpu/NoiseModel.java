package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;
import java.util.List;

/**
 * How programmed conductances deviate from their targets and drift over time, tagged by {@code type}.
 * Defaults are AIHWKit's (PCM: programming-noise coefficients 0.26348, 1.9650, -1.1731 uS at g_max 25 uS).
 */
public record NoiseModel(
        @Param(doc = "Noise model.", required = true) NoiseModelType type,
        @Param(doc = "Maximal conductance in uS that |w| = max maps to.", def = "25.0", min = 0, exclusiveMin = true, max = 1000) Double gMax,
        @Param(doc = "Minimal conductance in uS (ReRAM CMO).", def = "0.0", min = 0, max = 1000, appliesTo = "reram_cmo") Double gMin,
        @Param(doc = "Polynomial coefficients c0, c1, c2 of the programming-noise std versus g/g_max, in uS.", def = "[0.26348, 1.965, -1.1731]", defFor = {
                "generic=[0.2, 0.0, 0.0]"}, min = -100, max = 100, minItems = 1, maxItems = 6, appliesTo = {"pcm_like",
                        "generic", "custom_drift_pcm", "hermes"}) List<Double> progCoeff,
        @Param(doc = "Read time in seconds, the integration window of the 1/f read noise.", def = "2.5e-7", defFor = "hermes=5.12e-7", min = 0, exclusiveMin = true, max = 1, appliesTo = {
                "pcm_like", "generic", "custom_drift_pcm", "hermes"}) Double tRead,
        @Param(doc = "Drift reference time t0 in seconds.", def = "20.0", min = 0, exclusiveMin = true, max = 1e6, appliesTo = {
                "pcm_like", "generic", "custom_drift_pcm", "hermes"}) Double t0,
        @Param(doc = "Scale of the programming noise (1 = calibrated).", def = "1.0", min = 0, max = 100, appliesTo = {
                "pcm_like", "generic", "custom_drift_pcm", "hermes", "reram_cmo"}) Double progNoiseScale,
        @Param(doc = "Scale of the read noise (1 = calibrated).", def = "1.0", min = 0, max = 100, appliesTo = {
                "pcm_like", "generic", "custom_drift_pcm", "hermes", "reram_cmo"}) Double readNoiseScale,
        @Param(doc = "Scale of the drift (1 = calibrated, 0 = no drift).", def = "1.0", min = 0, max = 100, appliesTo = "@drift") Double driftScale,
        @Param(doc = "Mean drift coefficient nu of the generic device.", def = "0.1", min = 0, max = 1, appliesTo = "generic") Double driftNuMean,
        @Param(doc = "Standard deviation of the drift coefficient nu of the generic device.", def = "0.05", min = 0, max = 1, appliesTo = "generic") Double driftNuStd,
        @Param(doc = "Devices per weight of the HERMES model (1 or 2).", def = "2", min = 1, max = 2, appliesTo = "hermes") Integer numDevices,
        @Param(doc = "Overall noise scale of the ReRAM Wan 2022 model.", def = "1.0", min = 0, max = 100, appliesTo = "reram_wan2022") Double noiseScale,
        @Param(doc = "Conductances in uS at which the custom drift table is given, ascending.", min = 0, max = 1000, minItems = 2, maxItems = 100, appliesTo = "custom_drift_pcm", requiredFor = "custom_drift_pcm") List<Double> driftGList,
        @Param(doc = "Mean drift coefficient nu at each conductance of drift_g_list.", min = 0, max = 1, minItems = 2, maxItems = 100, appliesTo = "custom_drift_pcm", requiredFor = "custom_drift_pcm") List<Double> driftNuMeanList,
        @Param(doc = "Standard deviation of nu at each conductance of drift_g_list.", min = 0, max = 1, minItems = 2, maxItems = 100, appliesTo = "custom_drift_pcm", requiredFor = "custom_drift_pcm") List<Double> driftNuStdList,
        @Param(doc = "How a weight becomes conductances.", def = "{}") ConductanceConverter gConverter){}
