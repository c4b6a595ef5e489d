package io.analogcomposer.cli;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's kernels use the incubating Vector API, which a plain {@code java -jar aimc.jar} does not resolve
 * (its classes then fail to load with NoClassDefFoundError; there is no scalar fallback and no manifest attribute
 * that adds a module). The offline commands therefore start the same jar again in a child JVM with
 * {@code --add-modules jdk.incubator.vector}, passing stdin/stdout/stderr through. REST commands never touch the
 * engine's kernels, so they run at once without a second JVM.
 */
final class VectorRelaunch {

    static final String MODULE = "jdk.incubator.vector";
    /** Marks the child so that a JVM which still lacks the module cannot relaunch forever. */
    static final String GUARD = "aimc.relaunched";
    /** Subcommands that run the engine's kernels in this process. */
    static final Set<String> ENGINE_COMMANDS = Set.of("simulate", "noise-preview", "mvm", "response-curve",
            "presets");

    private VectorRelaunch() {
    }

    static boolean needed(String[] args) {
        return !available() && System.getProperty(GUARD) == null && usesEngine(args) && !classPath().isBlank();
    }

    static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Options of the root command that take a value, which is not the subcommand's name. */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("-o", "--output", "--url");

    /** The first word that is neither an option nor an option's value names the subcommand. */
    static boolean usesEngine(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (ROOT_OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return ENGINE_COMMANDS.contains(a);
            }
        }
        return false;
    }

    static int relaunch(String[] args) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> after = new ArrayList<>();
        aotCache(classPath(), jvmArgs).ifPresent(c -> after.add("-XX:AOTCache=" + c));
        try {
            return ChildJvm.run(childOptions(jvmArgs), after, GUARD, args);
        } catch (ChildJvm.StartFailed e) {
            System.err.println("aimc: could not start " + e.java() + " with --add-modules " + MODULE + ": "
                    + e.getMessage() + "; run: java --add-modules " + MODULE + " -jar aimc.jar ...");
            return ExitCodes.USAGE;
        }
    }

    /**
     * The module, and the serial collector as the {@code aimc} launcher chooses it unless the user chose a collector:
     * a small simulate run then needs no third JVM for its heap ({@link HeapRelaunch}).
     */
    static List<String> childOptions(List<String> jvmArgs) {
        List<String> before = new ArrayList<>(List.of("--add-modules", MODULE, "--enable-native-access=ALL-UNNAMED"));
        if (!HeapRelaunch.userChoseCollector(jvmArgs) && !HeapRelaunch.launcherChoseSerial(jvmArgs)) {
            before.addAll(HeapRelaunch.LAUNCHER_SERIAL_OPTIONS);
        }
        return before;
    }

    /**
     * The AOT cache beside the jar ({@code aimc.aot} next to {@code aimc.jar}, built with {@code -Paot}), as the aimc
     * launcher uses it, unless the user chose AOT settings themselves; the JVM ignores a cache that does not match.
     */
    static Optional<Path> aotCache(String classPath, List<String> jvmArgs) {
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)
                || jvmArgs.stream().anyMatch(a -> a.startsWith("-XX:AOT"))) {
            return Optional.empty();
        }
        Path cache = Path.of(classPath.substring(0, classPath.length() - ".jar".length()) + ".aot");
        return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }

    /** {@code java -jar aimc.jar} sets it to the jar; from classes (tests, an IDE) it lists them all. */
    static String classPath() {
        return System.getProperty("java.class.path", "");
    }
}
