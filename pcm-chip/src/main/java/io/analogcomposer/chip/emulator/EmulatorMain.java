package io.analogcomposer.chip.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.server.ChipHttpServer;

/**
 * Runs an emulated Fusion chip behind the pcm-chip protocol:
 *
 * <pre>
 * java -jar pcm-chip/target/pcm-chip-0.1.0-SNAPSHOT-emulator.jar --port 7070 --state-file pcm-chip-state.bin
 * </pre>
 *
 * Options (all optional): {@code --host} (127.0.0.1), {@code --port} (7070), {@code --state-file} (none: memory
 * only), {@code --chip-id} (fusion-emulator-0), {@code --seed} (1), {@code --word-lines} (512), {@code --bit-lines}
 * (2048), {@code --time-acceleration} (1), {@code --history-depth} (4), {@code --stuck-fraction} (0.0005),
 * {@code --endurance-pulses} (1e7), {@code --token-file} (none: no authentication; else every request must carry
 * {@code Authorization: Bearer} with the file's content, see PROTOCOL.md).
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(usage());
            return;
        }
        Running running = start(args);
        System.out.println("emulated PCM chip " + running.chip.identity().chipId() + " ("
                + running.chip.geometry().wordLines() + "×" + running.chip.geometry().bitLines() + ") serving "
                + "pcm-chip protocol on port " + running.server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** A started emulator; closing it stops serving and writes the state file. */
    public record Running(EmulatedChip chip, ChipHttpServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            chip.persist();
        }
    }

    /** Parses the options and starts serving; see the class comment for the options. */
    public static Running start(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 7070;
        Path stateFile = null;
        String chipId = "fusion-emulator-0";
        long seed = 1;
        int wordLines = ChipGeometry.FUSION.wordLines();
        int bitLines = ChipGeometry.FUSION.bitLines();
        double acceleration = 1;
        int historyDepth = 4;
        PcmPhysics physics = PcmPhysics.DEFAULT;
        String token = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--state-file" -> stateFile = Path.of(value);
                case "--chip-id" -> chipId = value;
                case "--seed" -> seed = Long.parseLong(value);
                case "--word-lines" -> wordLines = Integer.parseInt(value);
                case "--bit-lines" -> bitLines = Integer.parseInt(value);
                case "--time-acceleration" -> acceleration = Double.parseDouble(value);
                case "--history-depth" -> historyDepth = Integer.parseInt(value);
                case "--stuck-fraction" -> physics = physics.withStuckFraction(Double.parseDouble(value));
                case "--endurance-pulses" -> physics = physics.withEndurancePulses((long) Double.parseDouble(value));
                case "--token-file" -> token = java.nio.file.Files.readString(Path.of(value)).strip();
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
            }
        }
        EmulatorConfig config = new EmulatorConfig(chipId, new ChipGeometry(wordLines, bitLines), seed, stateFile,
                acceleration, historyDepth, physics);
        EmulatedChip chip = new EmulatedChip(config);
        return new Running(chip, ChipHttpServer.start(chip, host, port, token));
    }

    private static String usage() {
        return "usage: java -jar pcm-chip-emulator.jar [--host H] [--port P] [--state-file F] [--chip-id ID] "
                + "[--seed N] [--word-lines N] [--bit-lines N] [--time-acceleration X] [--history-depth N] "
                + "[--stuck-fraction F] [--endurance-pulses N] [--token-file F]";
    }
}
