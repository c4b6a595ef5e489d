package io.analogcomposer.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code aimc simulate} runs the experiment in a JVM whose heap is the run's memory estimate
 * ({@link io.analogcomposer.spec.validation.MemoryEstimate}) rather than the JVM's default of a quarter of the
 * machine: G1 grows the heap instead of collecting while it may, so with the default a LeNet5 run held 0.9-1.1 GB and a
 * VGG8 run 3-6 GB on a 23 GB machine although their live data was a fraction of that. The estimate is known only after
 * the document is validated, when this JVM's heap is fixed, so the command starts itself again with {@code -Xmx} (the
 * JVM's start is ~0.1 s of a run that takes seconds to hours). A heap the user chose ({@code -Xmx},
 * {@code -XX:MaxRAMPercentage}, ... on the command line or in {@code JAVA_TOOL_OPTIONS}) is kept, and
 * {@code AIMC_HEAP=jvm} turns the sizing off.
 */
final class HeapRelaunch {
    /** Marks the child, which runs the command itself. */
    static final String GUARD = "aimc.heap-sized";
    /** Below this a run's heap is not worth a second JVM. */
    static final long MIN_HEAP = 256L << 20;

    private HeapRelaunch() {
    }

    /** Whether to start again with {@code heap} bytes: not done yet, not chosen by the user, and smaller. */
    static boolean wanted(long heap, String[] args) {
        return args != null && System.getProperty(GUARD) == null && !"jvm".equals(System.getenv("AIMC_HEAP"))
                && !userChoseHeap(ManagementFactory.getRuntimeMXBean().getInputArguments())
                && Math.max(heap, MIN_HEAP) < Runtime.getRuntime().maxMemory()
                && !VectorRelaunch.classPath().isBlank();
    }

    static boolean userChoseHeap(List<String> jvmArgs) {
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:MaxRAM")
                    || a.startsWith("-XX:SoftMaxHeapSize")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code -Xmx} option for {@code heap} bytes, in MiB. */
    static String xmx(long heap) {
        return String.format(Locale.ROOT, "-Xmx%dm", (Math.max(heap, MIN_HEAP) + (1 << 20) - 1) >> 20);
    }

    static int relaunch(String[] args, long heap) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        if (VectorRelaunch.available()) {
            // the child sees the modules this JVM sees (the launcher's options are not among the input arguments)
            cmd.add("--add-modules");
            cmd.add(VectorRelaunch.MODULE);
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add(xmx(heap));
        cmd.add("-D" + GUARD + "=true");
        cmd.add("-cp");
        cmd.add(VectorRelaunch.classPath());
        cmd.add(Aimc.class.getName());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        } catch (IOException e) {
            throw CliException.usage("could not start " + java + " with " + xmx(heap) + ": " + e.getMessage()
                    + " (AIMC_HEAP=jvm runs in this JVM)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.RUN_FAILED;
        }
    }
}
