package io.analogcomposer.cli;

import java.lang.management.ManagementFactory;
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
 *
 * <p>A heap below {@link #SERIAL_BELOW} runs with the serial collector, as the JVM itself chooses on a small machine:
 * it grows the heap only as the live data needs and keeps no per-region tables or collector threads, so a LeNet5
 * run (0.42 GB heap) peaked at 0.36 GB resident instead of 0.49 GB with G1, in as much collection time. A larger heap
 * keeps G1, whose collections of a VGG8 run's 1.5 GB live data took a fifth of the serial collector's time (since its
 * convolutions keep no patch rows, VGG8 is about 0.8 GB live and estimated below 1 GiB: serial, 1.08 GB resident). A
 * collector the user chose is kept.
 *
 * <p>The {@code aimc} launcher (and {@link VectorRelaunch}) start the JVM with the serial collector already, marked by
 * {@link #LAUNCHER_SERIAL}: a small run then needs no second JVM, because the serial collector grows the heap only as
 * the live data needs, as it would in the sized child. The child's start and its second validation of the document
 * cost about 3 s of CPU (2.9 s for {@code aimc validate} alone on the loaded 2-core build machine), more than the
 * whole epoch of a 2,000-sample LeNet5 run in the steady state. A large run still gets its child, with G1 instead of
 * the launcher's serial collector.
 */
final class HeapRelaunch {
    /** Marks the child, which runs the command itself. */
    static final String GUARD = "aimc.heap-sized";
    /** Below this a run's heap is not worth a second JVM. */
    static final long MIN_HEAP = 256L << 20;
    /** Heaps below this run with the serial collector. */
    static final long SERIAL_BELOW = 1L << 30;
    /**
     * Set (true) where the launcher chose the serial collector, not the user: a large run's child switches to G1.
     */
    static final String LAUNCHER_SERIAL = "aimc.launcher-serial";
    /** The options that start a JVM on the serial collector on the launcher's behalf. */
    static final List<String> LAUNCHER_SERIAL_OPTIONS = List.of("-XX:+UseSerialGC", "-D" + LAUNCHER_SERIAL + "=true");

    private HeapRelaunch() {
    }

    /** Whether to start again with {@code heap} bytes: not done yet, not chosen by the user, and smaller. */
    static boolean wanted(long heap, String[] args) {
        return args != null && System.getProperty(GUARD) == null && !"jvm".equals(System.getenv("AIMC_HEAP"))
                && !userChoseHeap(ManagementFactory.getRuntimeMXBean().getInputArguments())
                && Math.max(heap, MIN_HEAP) < Runtime.getRuntime().maxMemory()
                && !alreadySuits(heap, serialCollector())
                && !VectorRelaunch.classPath().isBlank();
    }

    /**
     * Whether a JVM already running the serial collector serves a run of {@code heap} bytes as its sized child would:
     * a heap that the child would give the serial collector too, which grows only as the live data needs.
     */
    static boolean alreadySuits(long heap, boolean serial) {
        return serial && Math.max(heap, MIN_HEAP) < SERIAL_BELOW;
    }

    /** Whether this JVM collects with the serial collector (its old generation's collector is MarkSweepCompact). */
    static boolean serialCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(b -> "MarkSweepCompact".equals(b.getName()));
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

    static boolean userChoseCollector(List<String> jvmArgs) {
        boolean launcherSerial = launcherChoseSerial(jvmArgs);
        for (String a : jvmArgs) {
            if (a.matches("-XX:\\+Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC")
                    && !(launcherSerial && a.equals("-XX:+UseSerialGC"))) {
                return true;
            }
        }
        return false;
    }

    static boolean launcherChoseSerial(List<String> jvmArgs) {
        return jvmArgs.contains("-D" + LAUNCHER_SERIAL + "=true");
    }

    /**
     * The child's heap options: its {@code -Xmx}, and the serial collector for a small heap; a large heap goes back to
     * G1 where only the launcher chose the serial collector (the child's options come after the parent's).
     */
    static List<String> heapOptions(long heap, List<String> jvmArgs) {
        if (userChoseCollector(jvmArgs)) {
            return List.of(xmx(heap));
        }
        if (Math.max(heap, MIN_HEAP) < SERIAL_BELOW) {
            return List.of(xmx(heap), "-XX:+UseSerialGC");
        }
        return launcherChoseSerial(jvmArgs)
                ? List.of(xmx(heap), "-XX:-UseSerialGC", "-XX:+UseG1GC")
                : List.of(xmx(heap));
    }

    /** The {@code -Xmx} option for {@code heap} bytes, in MiB. */
    static String xmx(long heap) {
        return String.format(Locale.ROOT, "-Xmx%dm", (Math.max(heap, MIN_HEAP) + (1 << 20) - 1) >> 20);
    }

    static int relaunch(String[] args, long heap) {
        // the child sees the modules this JVM sees (the launcher's options are not among the input arguments)
        List<String> before = VectorRelaunch.available()
                ? List.of("--add-modules", VectorRelaunch.MODULE, "--enable-native-access=ALL-UNNAMED")
                : List.of();
        try {
            return ChildJvm.run(before, heapOptions(heap, ManagementFactory.getRuntimeMXBean().getInputArguments()),
                    GUARD, args);
        } catch (ChildJvm.StartFailed e) {
            throw CliException.usage("could not start " + e.java() + " with " + xmx(heap) + ": " + e.getMessage()
                    + " (AIMC_HEAP=jvm runs in this JVM)");
        }
    }
}
