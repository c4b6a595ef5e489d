package io.analogcomposer.worker.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.client.ChipException;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.server.ChipHttpServer;

/** The chip controller restarts in the middle of programming a model: the session waits for it and completes. */
class ChipSessionRecoveryTest {

    @TempDir
    Path directory;

    private final AtomicReference<ChipHttpServer> server = new AtomicReference<>();
    private Thread restarter;

    private EmulatorConfig config() {
        return new EmulatorConfig("restarting", new ChipGeometry(32, 128), 4, directory.resolve("chip.state"), 0, 4,
                PcmPhysics.DEFAULT.withStuckFraction(0));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (restarter != null) {
            restarter.join();
        }
        server.get().close();
    }

    /** After the first chunk: the controller goes down, and comes back 400 ms later from its state file. */
    private ChipSession.Progress restartAfterFirstChunk(int port) {
        return (done, total) -> {
            if (restarter != null) {
                return;
            }
            server.get().close();
            restarter = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(400);
                    server.set(ChipHttpServer.start(new EmulatedChip(config()), "127.0.0.1", port));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        };
    }

    @Test
    void programmingResumesWhenTheControllerComesBack() throws IOException {
        server.set(ChipHttpServer.start(new EmulatedChip(config()), "127.0.0.1", 0));
        int port = server.get().port();
        try (ChipClient client = ChipClient.connect(URI.create("http://127.0.0.1:" + port))) {
            ChipSession session = ChipSession
                    .open(client, new ChipRetry(6, Duration.ofMillis(100), Duration.ofMillis(800))).withChunk(1024);
            List<LayerShape> layers = List.of(new LayerShape("fc", 16, 256));
            Placement placement = session.place(layers, null, 0);
            ProgrammedModel model = session.programWeights(placement,
                    List.of(ChipSessionTest.gaussianWeights(4096, 11)), FusionConductanceConverter.DEFAULT,
                    ProgramAndVerify.DEFAULT, restartAfterFirstChunk(port));
            Measurement measurement = session.readWeights(model, 4);
            assertThat(measurement.readback().statistics().devices()).isEqualTo(4096);
            // Devices of the first chunk were programmed before the restart and kept by the state file.
            assertThat(measurement.readback().statistics().stdErrorUs()).isBetween(0.3, 1.5);
            assertThat(client.history(new int[]{0}).getFirst().programOperations()).isEqualTo(1);
        }
    }

    @Test
    void withoutRetriesTheOutageSurfacesAsARetriableChipError() throws IOException {
        server.set(ChipHttpServer.start(new EmulatedChip(config()), "127.0.0.1", 0));
        int port = server.get().port();
        try (ChipClient client = ChipClient.connect(URI.create("http://127.0.0.1:" + port))) {
            ChipSession session = ChipSession.open(client).withChunk(1024);
            Placement placement = session.place(List.of(new LayerShape("fc", 16, 256)), null, 0);
            assertThatThrownBy(() -> session.programWeights(placement,
                    List.of(ChipSessionTest.gaussianWeights(4096, 11)), FusionConductanceConverter.DEFAULT,
                    ProgramAndVerify.DEFAULT, restartAfterFirstChunk(port)))
                    .isInstanceOfSatisfying(ChipException.class, e -> assertThat(e.retriable()).isTrue());
        }
    }
}
