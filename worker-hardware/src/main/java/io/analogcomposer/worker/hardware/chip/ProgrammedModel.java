package io.analogcomposer.worker.hardware.chip;

import java.util.List;

/** A model's weights programmed on a chip: the chip side, and what the client keeps (signs, row scales). */
public record ProgrammedModel(ProgrammedConductances chip, List<ConductanceTargets> targets,
        FusionConductanceConverter converter) {

    public ProgrammedModel {
        targets = List.copyOf(targets);
    }

    /** The same programmed model recovered with another converter setting (e.g. another readback). */
    public ProgrammedModel withConverter(FusionConductanceConverter other) {
        if (other.gMaxUs() != converter.gMaxUs()) {
            throw new IllegalArgumentException("the model was programmed with g_max " + converter.gMaxUs()
                    + " µS; a converter with g_max " + other.gMaxUs() + " µS would misread it");
        }
        return new ProgrammedModel(chip, targets, other);
    }
}
