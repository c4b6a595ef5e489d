package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.messages.TargetConductances;
import io.analogcomposer.spec.validation.Issue;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The uploaded conductance file of a hardware run ("bring your own conductances"): it must be the one the
 * document names, arrive intact, and fit on the chip, one device per value. Checked here, before the run takes the
 * chip, with the same reader the hardware worker uses.
 */
final class ConductanceCheck {

    static final String POINTER = "/inference/target_conductances";

    private ConductanceCheck() {
    }

    /** The problem with the run's file, or null when there is none (or the run names no file). */
    static Issue check(ExperimentSpec spec, TargetConductances attached) {
        String named = spec.inference() == null ? null : spec.inference().targetConductances();
        if (named == null) {
            return attached == null
                    ? null
                    : new Issue(POINTER, "The run carries a conductance file but the document names none.",
                            "the file's id in inference.target_conductances", "conductance_file");
        }
        if (attached == null || !named.equals(attached.fileId())) {
            return new Issue(POINTER, "The conductance file " + named + " did not come with the run; submit the run "
                    + "again through the API, which attaches it.", "an uploaded file of yours", "conductance_file");
        }
        FusionCsv csv;
        try {
            csv = FusionCsv.parse(new String(attached.csv(), StandardCharsets.UTF_8));
            csv.requireTargetsAtMost(FusionCsv.MAX_TARGET_US);
        } catch (IllegalArgumentException e) {
            return new Issue(POINTER, "The conductance file " + attached.name() + " cannot be programmed: "
                    + e.getMessage() + ".", "a Fusion CSV of conductances in 0.." + FusionCsv.MAX_TARGET_US + " µS",
                    "conductance_file");
        }
        long devices = (long) Catalogue.CHIP_ROWS * Catalogue.CHIP_COLUMNS;
        if (csv.totalWeights() > devices) {
            return new Issue(POINTER, String.format(Locale.ROOT, "The conductance file %s has %,d values but the PCM "
                    + "chip has %,d devices (%d word lines × %d bit lines), one per value.", attached.name(),
                    csv.totalWeights(), devices, Catalogue.CHIP_ROWS, Catalogue.CHIP_COLUMNS),
                    "at most " + devices + " values", "chip_capacity");
        }
        return null;
    }
}
