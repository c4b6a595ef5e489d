package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.cost.CostModel;
import io.analogcomposer.spec.meta.Param;
import io.analogcomposer.spec.network.Network;
import io.analogcomposer.spec.rpu.RPUConfig;

/**
 * One experiment, as a user submits it: the root of the format. Field names follow AIHWKit (snake_case in
 * JSON). After validation every field is filled ("resolved"): defaults, the preset and the experiment-wide
 * rpu_config have been applied, so workers never guess.
 */
public record ExperimentSpec(
        @Param(doc = "Version of the document format; documents of older versions are migrated.", def = "1", min = 1, max = ExperimentSpec.SCHEMA_VERSION) Integer schemaVersion,
        @Param(doc = "What the run does: training, inference over time, or inference with weights programmed on the PCM chip.", required = true) ExperimentKind kind,
        @Param(doc = "A short name shown in lists.", def = "\"Untitled experiment\"") String name,
        @Param(doc = "Seed of every random choice (weights, noise, shuffling); the same seed reproduces a run.", def = "0", min = 0, max = 9.007199254740991E15) Long seed,
        @Param(doc = "The data to train and evaluate on.", required = true) Dataset dataset,
        @Param(doc = "The network: input shape and ordered layers.", required = true) Network network,
        @Param(doc = "Named RPU configuration preset (e.g. WebComposerInferenceRPUConfig, TikiTakaReRamSBPreset) used as the base of rpu_config.", catalogue = "presets") String preset,
        @Param(doc = "Experiment-wide analog configuration (AIHWKit RPUConfig), applied over the preset; analog layers may override it.") RPUConfig rpuConfig,
        @Param(doc = "Training hyper-parameters; required for training, optional for inference (trains first when no weight template is given).", requiredFor = {
        }) Training training,
        @Param(doc = "Evaluation over time; used by inference and hardware_inference.") Inference inference,
        @Param(doc = "Where to run: cpu, gpu, the PCM chip (hardware_inference only), or auto.", def = "\"auto\"") Backend backend,
        @Param(doc = "Hardware the per-inference cost estimate (tiles, MVMs, energy, latency) assumes; changes nothing in a run. Without it the estimate uses hermes_pcm_14nm.") CostModel costModel){

    /** The newest version of the document format. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Whether an analog layer trains in memory with pulsed devices (its rpu_config, or the experiment-wide one, of
     * type single or unit_cell); the other analog layers train hardware-aware or not at all.
     */
    public boolean trainsInMemory() {
        if (network() == null || network().layers() == null) {
            return false;
        }
        return network().layers().stream().anyMatch(l -> {
            if (l == null || l.type() == null || !l.type().analog()) {
                return false;
            }
            RPUConfig c = l.rpuConfig() != null ? l.rpuConfig() : rpuConfig();
            return c != null && c.type() != null && c.type().pulsedTraining();
        });
    }
}
