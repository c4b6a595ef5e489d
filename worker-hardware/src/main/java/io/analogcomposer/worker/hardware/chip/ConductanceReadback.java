package io.analogcomposer.worker.hardware.chip;

import java.util.List;

/**
 * Conductances read back from a chip, per layer in placement order, with the error statistics against the
 * targets.
 *
 * @param sinceProgrammingS chip time between the end of programming and this read
 */
public record ConductanceReadback(double readAtS, double sinceProgrammingS, int reads, List<float[]> conductancesUs,
        ProgrammingStatistics statistics) {

    public ConductanceReadback {
        conductancesUs = List.copyOf(conductancesUs);
    }
}
