package io.analogcomposer.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the standalone composer keeps its data, where it serves, and settings passed on to its services.
 *
 * @param dataDir holds the PostgreSQL data directory and the broker's work files; kept across restarts
 * @param port the HTTP port of the API and web UI ({@code 0} picks a free one)
 * @param bind the address the web port listens on: loopback by default, so only this machine reaches it
 * @param settings {@code composer.*}, {@code spring.*}, {@code server.*} and {@code management.*} settings given on the
 *        command line, applied to every service (they outrank the standalone's own choices)
 */
public record StandaloneOptions(Path dataDir, int port, String bind, Map<String, String> settings) {

    public static final String DEFAULT_DATA_DIR = "~/.analog-composer";

    private static final List<String> SETTING_PREFIXES = List.of("composer.", "spring.", "server.", "management.",
            "logging.");

    public StandaloneOptions {
        settings = Map.copyOf(settings);
    }

    /** On loopback, with no extra settings. */
    public StandaloneOptions(Path dataDir, int port) {
        this(dataDir, port, "127.0.0.1", Map.of());
    }

    /**
     * Reads {@code --data-dir=DIR}, {@code --port=N}, {@code --bind=ADDRESS} and settings ({@code --composer.x=y} and
     * the like) from the command line, then the environment variables {@code COMPOSER_DATA_DIR}, {@code PORT} and
     * {@code COMPOSER_BIND}, then the defaults ({@value #DEFAULT_DATA_DIR}, 8080, 127.0.0.1). Anything else is refused
     * rather than ignored, so a mistyped option never goes unnoticed.
     */
    public static StandaloneOptions from(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("COMPOSER_DATA_DIR", DEFAULT_DATA_DIR);
        String port = env.getOrDefault("PORT", "8080");
        String bind = env.getOrDefault("COMPOSER_BIND", "127.0.0.1");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = arg.substring("--data-dir=".length());
            } else if (arg.startsWith("--port=")) {
                port = arg.substring("--port=".length());
            } else if (arg.startsWith("--bind=")) {
                bind = arg.substring("--bind=".length());
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2
                    && SETTING_PREFIXES.stream().anyMatch(p -> arg.startsWith("--" + p))) {
                settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "': the standalone takes --port=N, "
                        + "--data-dir=DIR, --bind=ADDRESS and settings --composer.NAME=VALUE (also spring., server., "
                        + "management., logging.)");
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
        return new StandaloneOptions(Path.of(dataDir).toAbsolutePath().normalize(), parsedPort, bind, settings);
    }
}
