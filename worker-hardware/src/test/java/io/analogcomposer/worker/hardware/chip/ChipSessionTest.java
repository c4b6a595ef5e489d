package io.analogcomposer.worker.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.worker.hardware.chip.FusionConductanceConverter.Readback;

/** Programs a model's weights onto an emulated Fusion chip through the real protocol and reads them back. */
class ChipSessionTest {

    private ChipHttpServer server;
    private ChipClient client;
    /** One Fusion-sized emulator for the tests that need the whole chip (a million devices take a while). */
    private static ChipHttpServer fusionServer;
    private static ChipClient fusionClient;

    @BeforeAll
    static void startFusion() throws IOException {
        fusionServer = ChipHttpServer.start(
                new EmulatedChip(new EmulatorConfig("fusion-0", ChipGeometry.FUSION, 21, null, 0, 4, null)),
                "127.0.0.1", 0);
        fusionClient = ChipClient.connect(URI.create("http://127.0.0.1:" + fusionServer.port()));
    }

    @AfterAll
    static void stopFusion() {
        fusionClient.close();
        fusionServer.close();
    }

    private ChipSession start(EmulatorConfig config) throws IOException {
        EmulatedChip chip = new EmulatedChip(config);
        server = ChipHttpServer.start(chip, "127.0.0.1", 0);
        client = ChipClient.connect(URI.create("http://127.0.0.1:" + server.port()));
        return ChipSession.open(client);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            server.close();
        }
    }

    static float[] gaussianWeights(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.3 * random.nextGaussian());
        }
        return w;
    }

    private static List<float[]> randomWeights(List<LayerShape> layers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> weights = new ArrayList<>();
        for (LayerShape layer : layers) {
            float[] w = new float[(int) layer.weights()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (0.3 * random.nextGaussian());
            }
            weights.add(w);
        }
        return weights;
    }

    @Test
    void lenet5WeightsAreProgrammedOnAFusionChipAndComeBackWithPcmSizedErrors() throws IOException {
        ChipSession session = ChipSession.open(fusionClient);
        Placement placement = session.place(ChipPlacerTest.LENET5, null, 0);
        List<float[]> weights = randomWeights(ChipPlacerTest.LENET5, 1);
        List<Long> progress = new ArrayList<>();
        ProgrammedModel model = session.programWeights(placement, weights, FusionConductanceConverter.DEFAULT,
                ProgramAndVerify.DEFAULT, (done, total) -> progress.add(done));
        assertThat(progress).containsExactly(65536L, 80016L);
        Measurement measurement = session.readWeights(model, 8);

        ProgrammingStatistics stats = measurement.readback().statistics();
        System.out.printf("LeNet5 on chip: %d devices, %d failed, error mean %.3f std %.3f µS, "
                + "normalized std %.2f %% of g_max%n", stats.devices(), stats.failedDevices(), stats.meanErrorUs(),
                stats.stdErrorUs(), stats.normalizedErrorStdPercent());
        assertThat(stats.devices()).isEqualTo(80016);
        assertThat(stats.failedDevices()).isLessThan(800);
        // σ_prog is 0.26..1.06 µS over 0..25 µS (held above): the error std of all devices lies in that range.
        assertThat(stats.stdErrorUs()).isBetween(0.5, 1.3);
        assertThat(Math.abs(stats.meanErrorUs())).isLessThan(0.1);
        assertThat(stats.histogram().counts()).hasSize(50);
        assertThat(java.util.Arrays.stream(stats.histogram().counts()).sum()).isEqualTo(80016 - stats.failedDevices());
        assertThat(stats.scatter()).hasSize(5000);

        HardwareProgrammingReport report = HardwareProgrammingReport.of(session, model.chip(),
                measurement.readback());
        assertThat(report.chipId()).isEqualTo("fusion-0");
        assertThat(report.emulated()).isTrue();
        assertThat(report.devicesUsed()).isEqualTo(80016);
        assertThat(report.utilisation()).isEqualTo(80016 / 1048576.0);
        assertThat(report.failedAddressesSample()).hasSize((int) Math.min(100, stats.failedDevices()))
                .allMatch(a -> a.matches("\\d+:\\d+"));

        // Recovered weights: close to the originals relative to each row's largest weight.
        float[] original = weights.get(2);
        float[] recovered = measurement.weights().get(2);
        double sum = 0;
        for (int i = 0; i < original.length; i++) {
            sum += (recovered[i] - original[i]) * (recovered[i] - original[i]);
        }
        double rmsWeightError = Math.sqrt(sum / original.length);
        assertThat(rmsWeightError).isBetween(0.005, 0.05);
    }

    @Test
    void driftMeasuredByReadingAgainLaterIsUndoneByLeastSquaresReadback() throws IOException {
        EmulatorConfig config = new EmulatorConfig("drift-0", new ChipGeometry(64, 256), 5, null, 0, 4,
                PcmPhysics.DEFAULT.withStuckFraction(0));
        ChipSession session = start(config);
        List<LayerShape> layers = List.of(new LayerShape("fc", 32, 256));
        Placement placement = session.place(layers, null, 0);
        List<float[]> weights = randomWeights(layers, 2);
        FusionConductanceConverter scale = new FusionConductanceConverter(25, Readback.PROGRAMMING_SCALE);
        ProgrammedModel model = session.programWeights(placement, weights, scale, ProgramAndVerify.DEFAULT,
                ChipSession.Progress.NONE);
        Measurement now = session.readWeights(model, 8);
        client.advanceTime(86400);
        Measurement dayLater = session.readWeights(model, 8);
        assertThat(dayLater.readback().sinceProgrammingS()).isEqualTo(86400.0);
        double meanNow = mean(now.readback().conductancesUs().getFirst());
        double meanLater = mean(dayLater.readback().conductancesUs().getFirst());
        assertThat(meanLater / meanNow).isBetween(0.55, 0.8);

        ProgrammedModel fitted = model.withConverter(new FusionConductanceConverter(25, Readback.LEAST_SQUARES));
        float[] original = weights.getFirst();
        double scaledError = rms(dayLater.weights().getFirst(), original);
        double fittedError = rms(session.readWeights(fitted, 8).weights().getFirst(), original);
        assertThat(fittedError).isLessThan(0.5 * scaledError);
    }

    @Test
    void aModelTooLargeForTheChipIsRefusedBeforeAnythingIsProgrammed() throws IOException {
        ChipSession session = start(new EmulatorConfig("small", new ChipGeometry(16, 64), 5, null, 0, 4, null));
        long before = client.health().operations();
        assertThatThrownBy(() -> session.place(List.of(new LayerShape("fc", 33, 32)), null, 0))
                .isInstanceOf(ModelDoesNotFitException.class).hasMessageContaining("needs 1,056 devices")
                .hasMessageContaining("16×64 chip has 1,024 usable");
        assertThat(client.health().operations()).isEqualTo(before);
    }

    @Test
    void failedDevicesAreReportedAndCanBeExcludedFromTheNextPlacement() throws IOException {
        EmulatorConfig config = new EmulatorConfig("stuck", new ChipGeometry(64, 256), 5, null, 0, 4,
                PcmPhysics.DEFAULT.withStuckFraction(0.02));
        ChipSession session = start(config);
        List<LayerShape> layers = List.of(new LayerShape("fc", 64, 128));
        Placement first = session.place(layers, null, 0);
        ProgrammedModel model = session.programWeights(first, randomWeights(layers, 3),
                FusionConductanceConverter.DEFAULT, ProgramAndVerify.DEFAULT, ChipSession.Progress.NONE);
        java.util.BitSet failed = model.chip().failedAddresses();
        // 2 % of the 8192 devices used are stuck (≈ 164), plus a few out of iterations.
        assertThat(failed.cardinality()).isBetween(110, 260);
        Placement second = session.place(layers, failed, 0);
        for (int a : second.allAddresses()) {
            assertThat(failed.get(a)).isFalse();
        }
    }

    @Test
    void aUsersFusionCsvIsProgrammedAndComesBackAsTheProgrammedFile() throws IOException {
        ChipSession session = ChipSession.open(fusionClient);
        FusionCsv targets = FusionCsv.read(sample());
        FusionCsvProgramming.Result result = FusionCsvProgramming.program(session, targets, null,
                ProgramAndVerify.DEFAULT, 8, ChipSession.Progress.NONE);
        FusionCsv programmed = result.programmed();
        assertThat(programmed.layers()).extracting(FusionLayer::name).containsExactly("0", "3", "8", "10");
        assertThat(programmed.layers()).extracting(FusionLayer::weights).containsExactly(400, 12800, 65536, 1280);
        ProgrammingStatistics stats = result.readback().statistics();
        System.out.printf("BYO LeNet5 CSV: error mean %.3f std %.3f µS, %d failed%n", stats.meanErrorUs(),
                stats.stdErrorUs(), stats.failedDevices());
        assertThat(stats.stdErrorUs()).isBetween(0.6, 1.1);
        // The downloaded file parses again and carries the measured values.
        FusionCsv back = FusionCsv.parse(programmed.format());
        assertThat(back.layers().get(1).conductancesUs()[5])
                .isEqualTo((double) result.readback().conductancesUs().get(1)[5]);
    }

    /** The real composer's Fusion sample, from the shared directory beside the repository. */
    static java.nio.file.Path sample() {
        return io.analogcomposer.testsupport.FusionSample.file();
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double rms(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }
}
