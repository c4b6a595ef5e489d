package io.analogcomposer.chip.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.server.ChipHttpServer;

/** An emulated chip served in-process on a free port, with a client connected to it over the real protocol. */
public final class RunningEmulator implements AutoCloseable {

    public final EmulatedChip chip;
    public final ChipHttpServer server;
    public final ChipClient client;

    private RunningEmulator(EmulatedChip chip, ChipHttpServer server) {
        this.chip = chip;
        this.server = server;
        this.client = ChipClient.connect(URI.create("http://127.0.0.1:" + server.port()));
    }

    public static RunningEmulator start(EmulatorConfig config) {
        EmulatedChip chip = new EmulatedChip(config);
        try {
            return new RunningEmulator(chip, ChipHttpServer.start(chip, "127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
