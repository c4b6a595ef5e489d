package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.testsupport.FusionSample;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.protocol.ProgramResult;

/**
 * "Bring your own conductances": the real composer's LeNet5 Fusion file is programmed onto a Fusion-sized emulated
 * chip, read back, and written out as the programmed-conductance file a user downloads.
 */
class FusionSampleOnChipTest {

    @Test
    void lenet5SampleProgramsOntoAFusionChipWithinTheModelsError() throws IOException {
        FusionCsv targets = FusionCsv.read(FusionSample.file());
        EmulatorConfig config = new EmulatorConfig("fusion-test", ChipGeometry.FUSION, 3, null, 0, 4, null);
        try (RunningEmulator emulator = RunningEmulator.start(config)) {
            ChipIdentity identity = emulator.client.identify();
            assertThat(identity.geometry().devices()).isEqualTo(1_048_576L);
            int n = (int) targets.totalWeights();
            int[] addresses = new int[n];
            float[] values = new float[n];
            int k = 0;
            for (FusionLayer layer : targets.layers()) {
                for (double g : layer.conductancesUs()) {
                    // Spread the weights over the chip: every 13th device, wrapping over all word lines.
                    addresses[k] = (int) ((long) k * 13 % identity.geometry().devices());
                    values[k++] = (float) g;
                }
            }
            ProgramResult programmed = emulator.client.program(addresses, values, ProgramAndVerify.DEFAULT);
            float[] measured = emulator.client.read(addresses, 8).conductancesUs();

            java.util.Set<Integer> failed = new java.util.HashSet<>();
            for (int a : programmed.failedAddresses()) {
                failed.add(a);
            }
            double sumSquares = 0;
            double expectedSquares = 0;
            int counted = 0;
            PcmPhysics physics = PcmPhysics.DEFAULT;
            for (int i = 0; i < n; i++) {
                if (failed.contains(addresses[i])) {
                    // Reported as failed (mostly stuck devices, 0.05 %, up to 50 µS away): not programming error.
                    continue;
                }
                counted++;
                double error = measured[i] - values[i];
                sumSquares += error * error;
                double sigma = physics.sigmaProg(values[i]);
                double read = values[i] * physics.readNoiseAmplitude(values[i])
                        * Math.sqrt(physics.readNoiseLogFactor(0, 8));
                expectedSquares += sigma * sigma + read * read;
            }
            double rms = Math.sqrt(sumSquares / counted);
            double expectedRms = Math.sqrt(expectedSquares / counted);
            System.out.printf("LeNet5 sample: %d devices, %d failed, rms error %.3f µS (model %.3f)%n", n,
                    programmed.failedAddresses().length, rms, expectedRms);
            // Programming error and the read noise of 8 averaged reads, as the PCM model has them.
            assertThat(rms).isBetween(0.95 * expectedRms, 1.05 * expectedRms);
            assertThat(programmed.failedAddresses().length).isLessThan(n / 100);

            List<FusionLayer> out = new ArrayList<>();
            int offset = 0;
            for (FusionLayer layer : targets.layers()) {
                double[] g = new double[layer.weights()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = measured[offset + i];
                }
                offset += g.length;
                out.add(layer.withConductances(g));
            }
            FusionCsv download = FusionCsv.parse(new FusionCsv(out).format());
            assertThat(download.layers()).extracting(FusionLayer::name).containsExactly("0", "3", "8", "10");
            assertThat(download.layers().get(2).conductancesUs()[7]).isEqualTo((double) measured[400 + 12800 + 7]);
        }
    }
}
