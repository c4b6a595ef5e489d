package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where {@code aimc} finds its server and credentials: {@code AIMC_URL} / {@code AIMC_TOKEN} override the config
 * file written by {@code aimc login} ({@code $AIMC_CONFIG}, else {@code $XDG_CONFIG_HOME/aimc/config.json}, else
 * {@code ~/.config/aimc/config.json}).
 *
 * @param url base URL of the server, without {@code /api/v1}
 * @param token personal API token ({@code aimc_...}), or null when not logged in
 */
record CliConfig(String url, String token) {

    static final String DEFAULT_URL = "http://localhost:8080";

    /** The configuration file's location for this environment. */
    static Path file(Map<String, String> env) {
        String explicit = env.get("AIMC_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("aimc").resolve("config.json");
    }

    /** The stored settings, then the environment's overrides. */
    static CliConfig load(Map<String, String> env) {
        CliConfig stored = readFile(file(env));
        String url = nonBlank(env.get("AIMC_URL"), stored.url());
        String token = nonBlank(env.get("AIMC_TOKEN"), stored.token());
        return new CliConfig(url == null ? DEFAULT_URL : stripSlash(url), token);
    }

    static CliConfig readFile(Path file) {
        if (!Files.exists(file)) {
            return new CliConfig(null, null);
        }
        try {
            JsonNode node = SpecJson.mapper().readTree(Files.readString(file));
            return new CliConfig(text(node, "url"), text(node, "token"));
        } catch (IOException | RuntimeException e) {
            throw CliException.usage("cannot read the configuration file " + file + ": " + e.getMessage()
                    + " (fix or delete it, then run 'aimc login')");
        }
    }

    /**
     * Writes the file readable and writable by its owner only (0600, directory 0700): it holds a credential. The
     * file is created with those permissions before the token is written, so it is never readable by others.
     */
    void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (posix) {
                Files.createFile(tmp,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put("token", token);
            Files.writeString(tmp, SpecJson.writePretty(body) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CliException.usage("cannot write the configuration file " + file + ": " + e.getMessage());
        }
    }

    static String stripSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String nonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
