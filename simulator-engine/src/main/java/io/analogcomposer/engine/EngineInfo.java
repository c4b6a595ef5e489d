package io.analogcomposer.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Version facts the engine stamps on every result so a run can be traced to the code that made it. The version comes
 * from a resource filtered by the build, then the jar manifest, else {@code dev}.
 */
public record EngineInfo(String version) {
    /** The running engine's version. */
    public static EngineInfo current() {
        try (InputStream in = EngineInfo.class.getResourceAsStream("engine.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("@")) {
                    return new EngineInfo(v.trim());
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = EngineInfo.class.getPackage().getImplementationVersion();
        return new EngineInfo(v == null ? "dev" : v);
    }
}
