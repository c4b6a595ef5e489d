package io.analogcomposer.engine.data;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds dataset files on disk: in the configured directories, then those in {@code ANALOG_COMPOSER_DATASETS}, then
 * {@code /usr/share/datasets} (where Debian's dataset packages install). Under each root the dataset may sit in a
 * sub-directory named by one of its aliases or directly in the root.
 */
public final class DatasetLocator {
    /** Where Debian's dataset packages install. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets");
    /** Environment variable with extra roots, separated by the platform's path separator. */
    public static final String ENV = "ANALOG_COMPOSER_DATASETS";

    private final List<Path> roots;

    /** A locator searching {@code configured} first, then the environment's roots and the system directory. */
    public DatasetLocator(List<Path> configured) {
        this(configured, System.getenv(ENV), true);
    }

    /** A locator with explicit roots only (for tests); {@code env} may be null. */
    public DatasetLocator(List<Path> configured, String env, boolean includeSystemDir) {
        Set<Path> r = new LinkedHashSet<>();
        for (Path p : configured) {
            r.add(p.toAbsolutePath().normalize());
        }
        if (env != null && !env.isBlank()) {
            for (String s : env.split(File.pathSeparator)) {
                if (!s.isBlank()) {
                    r.add(Path.of(s.trim()).toAbsolutePath().normalize());
                }
            }
        }
        if (includeSystemDir) {
            r.add(SYSTEM_DIR);
        }
        this.roots = List.copyOf(r);
    }

    /** The default locator: environment roots and the system directory. */
    public static DatasetLocator defaults() {
        return new DatasetLocator(List.of());
    }

    /** The roots searched, in order. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The first directory holding every required file (each possibly gzip'd with a {@code .gz} suffix), trying
     * {@code root/alias} for each alias and then {@code root} itself.
     */
    public Path find(String dataset, List<String> aliases, List<String> requiredFiles)
            throws DatasetNotFoundException {
        List<Path> searched = new ArrayList<>();
        for (Path root : roots) {
            List<Path> candidates = new ArrayList<>();
            for (String a : aliases) {
                candidates.add(root.resolve(a));
            }
            candidates.add(root);
            for (Path dir : candidates) {
                searched.add(dir);
                if (Files.isDirectory(dir) && requiredFiles.stream().allMatch(f -> resolve(dir, f) != null)) {
                    return dir;
                }
            }
        }
        throw new DatasetNotFoundException(dataset, requiredFiles, searched);
    }

    /** {@code dir/file} or {@code dir/file.gz}, whichever exists, else null. */
    public static Path resolve(Path dir, String file) {
        Path p = dir.resolve(file);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path gz = dir.resolve(file + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
