package io.analogcomposer.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs this command again in a second JVM ({@link VectorRelaunch}: with the Vector API module; {@link HeapRelaunch}:
 * with the run's heap) on the same Java, class path and arguments, keeping the user's own JVM settings, and waits for
 * it. Ctrl-C reaches both JVMs (same process group); the child is also stopped when only this one is told to end.
 */
final class ChildJvm {
    /** Thrown when the child JVM cannot be started at all. */
    static final class StartFailed extends Exception {
        private final String java;

        StartFailed(String java, IOException cause) {
            super(cause.getMessage(), cause);
            this.java = java;
        }

        /** The java executable that could not be started. */
        String java() {
            return java;
        }
    }

    private ChildJvm() {
    }

    /**
     * Starts {@code java <before> <this JVM's input arguments> <after> -D<guard>=true -cp <class path> Aimc <args>}
     * and returns its exit status.
     */
    static int run(List<String> before, List<String> after, String guard, String[] args) throws StartFailed {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(before);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(after);
        cmd.add("-D" + guard + "=true");
        cmd.add("-cp");
        cmd.add(VectorRelaunch.classPath());
        cmd.add(Aimc.class.getName());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        } catch (IOException e) {
            throw new StartFailed(java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.RUN_FAILED;
        }
    }
}
