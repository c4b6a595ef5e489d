package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.UploadedDataset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The uploaded datasets this worker has run, unpacked into {@code <dir>/<sha256>/} as the four IDX files the engine
 * reads: a job carries the stored ZIP (verified against its SHA-256 before it is unpacked), and the next run of the
 * same upload, on any attempt, finds it here. The directory is kept below a size: the least recently used entries go
 * first. A finished entry is renamed into place whole, so a crash never leaves a half-written one to be used.
 */
public final class UploadedDatasetCache {

    /** The file names in the stored ZIP, in the order the engine's IDX reader takes them. */
    static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final Set<String> NAMES = Set.copyOf(IDX_FILES);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadedDatasetCache.class);

    private final Path dir;
    private final long maxBytes;
    /** The unpacked files of the uploads that jobs brought, by name (an upload's content never changes). */
    private final Map<String, DatasetLocator.Files> prepared = new ConcurrentHashMap<>();

    /**
     * @param dir where the unpacked datasets are kept (created when needed)
     * @param maxBytes the size the directory is trimmed to after each new entry (the entry in use stays)
     */
    public UploadedDatasetCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Makes the uploaded dataset a job carries available to {@link #locator}: unpacked here unless an earlier run
     * left it. Fails, for the user, when the job names an uploaded dataset it does not carry or whose content is
     * damaged; does nothing for a job on a catalogue dataset.
     */
    public void prepare(RunJob job) throws ExperimentFailure {
        String name = job.spec() == null || job.spec().dataset() == null ? null : job.spec().dataset().name();
        if (!Datasets.isUploaded(name)) {
            return;
        }
        UploadedDataset uploaded = job.uploadedDataset();
        if (uploaded == null || !uploaded.reference().equals(name)) {
            throw new ExperimentFailure(FailureCode.DATASET_MISSING, "the uploaded dataset " + name + " did not come "
                    + "with the job; submit the run again through the API, which attaches it");
        }
        try {
            prepared.put(name, files(uploaded));
        } catch (IOException e) {
            throw new ExperimentFailure(FailureCode.DATASET_MISSING, "the uploaded dataset " + name + " ("
                    + uploaded.title() + ") could not be unpacked: " + e.getMessage(), e);
        }
    }

    /** A locator that finds the prepared uploads by their names and every other dataset with {@code datasets}. */
    public DatasetLocator locator(DatasetLocator datasets) {
        return name -> {
            DatasetLocator.Files files = prepared.get(name);
            return files != null && files.paths().stream().allMatch(Files::isRegularFile)
                    ? files
                    : datasets.locate(name);
        };
    }

    /** The dataset's IDX files, unpacked from the job's copy unless an earlier run left them here. */
    public synchronized DatasetLocator.Files files(UploadedDataset dataset) throws IOException {
        Path entry = dir.resolve(dataset.sha256());
        if (!complete(entry)) {
            unpack(dataset, entry);
            trim(entry);
        } else {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        }
        return new DatasetLocator.Files("idx", IDX_FILES.stream().map(entry::resolve).toList());
    }

    private static boolean complete(Path entry) {
        return IDX_FILES.stream().allMatch(f -> Files.isRegularFile(entry.resolve(f)));
    }

    private void unpack(UploadedDataset dataset, Path entry) throws IOException {
        byte[] zip;
        try {
            zip = dataset.zip(); // refuses content that is not the announced size and hash
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempDirectory(dir, ".partial-");
        try {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                    // only the four known names: an entry's name never becomes a path of its own choosing
                    if (NAMES.contains(e.getName())) {
                        copy(in, partial.resolve(e.getName()));
                    }
                }
            }
            for (String f : IDX_FILES) {
                if (!Files.isRegularFile(partial.resolve(f))) {
                    throw new IOException("the uploaded dataset " + dataset.reference() + " has no " + f);
                }
            }
            try {
                Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // another worker process sharing the directory got there first (same digest, same content)
                if (!complete(entry)) {
                    throw e;
                }
            }
        } finally {
            delete(partial);
        }
        log.info("Uploaded dataset {} ({} bytes) unpacked into {}", dataset.reference(), dataset.sizeBytes(), entry);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the least recently used entries until the directory is within its size; {@code keep} stays. */
    private void trim(Path keep) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> old = new ArrayList<>(entries.filter(p -> !p.equals(keep) && Files.isDirectory(p)
                    && !p.getFileName().toString().startsWith(".")).toList());
            long total = size(keep);
            for (Path p : old) {
                total += size(p);
            }
            old.sort(Comparator.comparing(UploadedDatasetCache::modified));
            for (Path p : old) {
                if (total <= maxBytes) {
                    break;
                }
                total -= size(p);
                delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not trim the uploaded-dataset cache {}: {}", dir, e.getMessage());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path entry) {
        try (Stream<Path> files = Files.list(entry)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.list(p)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", p, e.getMessage());
        }
    }
}
