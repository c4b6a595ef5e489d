package io.analogcomposer.engine;

/**
 * Version facts the engine stamps on every result so a run can be traced to the
 * code that made it.
 */
public record EngineInfo(String version) {
    public static EngineInfo current() {
        String v = EngineInfo.class.getPackage().getImplementationVersion();
        return new EngineInfo(v == null ? "dev" : v);
    }
}
