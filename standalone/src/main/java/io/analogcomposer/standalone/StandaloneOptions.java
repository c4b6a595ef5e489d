package io.analogcomposer.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the standalone composer keeps its data and which port it serves.
 *
 * @param dataDir holds the PostgreSQL data directory and the broker's work files; kept across restarts
 * @param port the HTTP port of the API and web UI ({@code 0} picks a free one)
 */
public record StandaloneOptions(Path dataDir, int port) {

    public static final String DEFAULT_DATA_DIR = "~/.analog-composer";

    /**
     * Reads {@code --data-dir=DIR} and {@code --port=N} from the command line, then the environment variables
     * {@code COMPOSER_DATA_DIR} and {@code PORT}, then the defaults ({@value #DEFAULT_DATA_DIR}, 8080).
     */
    public static StandaloneOptions from(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("COMPOSER_DATA_DIR", DEFAULT_DATA_DIR);
        String port = env.getOrDefault("PORT", "8080");
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = arg.substring("--data-dir=".length());
            } else if (arg.startsWith("--port=")) {
                port = arg.substring("--port=".length());
            }
        }
        if (dataDir.equals("~") || dataDir.startsWith("~/")) {
            dataDir = System.getProperty("user.home") + dataDir.substring(1);
        }
        int parsedPort;
        try {
            parsedPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + port + "'");
        }
        if (parsedPort < 0 || parsedPort > 65535) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + parsedPort);
        }
        return new StandaloneOptions(Path.of(dataDir).toAbsolutePath().normalize(), parsedPort);
    }
}
