package io.analogcomposer.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The standalone composer's data directory, held by one composer at a time: its lock ({@code composer.lock}) is
 * taken before anything else starts, so whatever still runs on the directory after that (a PostgreSQL server
 * orphaned by a killed JVM) belongs to no live composer and may be stopped. It also keeps the secrets that must
 * outlive a restart (the database password, the JWT signing key) in {@code secrets/}, readable by the owner only.
 * The whole directory is the owner's only.
 */
final class DataDirectory implements AutoCloseable {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed, makes it the owner's only (it holds the database files, the secrets and the
     * PostgreSQL binaries that are run from it) and locks it; fails with a clear message while another composer
     * holds it.
     */
    static DataDirectory open(Path root) throws IOException {
        Files.createDirectories(root);
        ownerOnly(root, OWNER_ONLY_DIR);
        FileChannel channel = FileChannel.open(root.resolve("composer.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by a composer in this very JVM
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another standalone composer is running on the data directory " + root
                    + "; stop it first, or start this one with another --data-dir");
        }
        return new DataDirectory(root, channel, lock);
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path broker() {
        return root.resolve("broker");
    }

    /**
     * The secret kept in {@code secrets/<name>}: made once (32 random bytes, hex) and read on every later start. The
     * file and its directory are the owner's only; looser permissions found on them are tightened.
     */
    String secret(String name) throws IOException {
        Path dir = root.resolve("secrets");
        Files.createDirectories(dir);
        ownerOnly(dir, OWNER_ONLY_DIR);
        Path file = dir.resolve(name);
        if (Files.exists(file)) {
            ownerOnly(file, OWNER_ONLY_FILE);
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (kept.length() >= 32) {
                return kept;
            }
            throw new IllegalStateException("The kept secret " + file + " is damaged (shorter than 32 characters);"
                    + " restore it from a backup, or delete it to make a new one (for the database password only"
                    + " together with the data directory's postgres/ folder)");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        // written beside and moved into place, so a crash never leaves a half-written secret behind
        Path partial = dir.resolve(name + ".partial");
        Files.deleteIfExists(partial);
        if (posix()) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        }
        Files.writeString(partial, secret + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }

    private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the channel, and the channel with the process
        }
    }
}
