package io.analogcomposer.worker.hardware.chip;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.chip.protocol.ProgramAndVerify;

/**
 * "Bring your own conductances", as with the real composer: a user's Fusion CSV of target conductances is placed,
 * programmed and read back, and the programmed conductances go back to the user as a Fusion CSV of the same
 * layers.
 */
public final class FusionCsvProgramming {

    /** The programmed file, and the readback it was made from (statistics, timing). */
    public record Result(FusionCsv programmed, ProgrammedConductances chip, ConductanceReadback readback) {}

    private FusionCsvProgramming() {
    }

    public static Result program(ChipSession session, FusionCsv targets, BitSet excluded, ProgramAndVerify algorithm,
            int reads, ChipSession.Progress progress) {
        List<LayerShape> shapes = targets.layers().stream()
                .map(layer -> new LayerShape(layer.name(), layer.height(), layer.width())).toList();
        Placement placement = session.place(shapes, excluded, 0);
        List<float[]> values = new ArrayList<>();
        double largest = 0;
        for (FusionLayer layer : targets.layers()) {
            double[] g = layer.conductancesUs();
            float[] f = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                f[i] = (float) g[i];
                largest = Math.max(largest, g[i]);
            }
            values.add(f);
        }
        ProgrammedConductances chip = session.program(placement, values, algorithm, progress);
        // The normalised error uses the file's largest target as g_max: the user's converter is unknown here.
        ConductanceReadback readback = session.read(chip, reads, Math.max(largest, 1e-9));
        List<FusionLayer> programmed = new ArrayList<>();
        for (int l = 0; l < targets.layers().size(); l++) {
            float[] measured = readback.conductancesUs().get(l);
            double[] g = new double[measured.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = measured[i];
            }
            programmed.add(targets.layers().get(l).withConductances(g));
        }
        return new Result(new FusionCsv(programmed), chip, readback);
    }
}
