package io.analogcomposer.standalone;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from bundled binaries (zonky) whose data directory lives in the composer's data
 * directory, so experiments and runs survive a restart. The services use it through plain JDBC and the same
 * Flyway migrations as against a production server.
 *
 * <p>It is set up like a server that other people share a machine with: it listens on 127.0.0.1 only (no Unix
 * socket), every connection needs the superuser's generated password (scram-sha-256, no trust for anyone), and
 * commits are durable (fsync and synchronous commit on), because a user's runs must survive a crash or power cut.
 * A server left running by a killed JVM is stopped before the next start.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String DATABASE = "composer";
    /** The embedded broker's message store (messages and durable queues). */
    static final String BROKER_DATABASE = "composer_broker";
    static final String USER = "postgres";

    /** Present in the PostgreSQL data directory once the superuser's password is set. */
    private static final String PASSWORD_SET_MARKER = "composer-password-set";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts the server on {@code dataDir} with {@code password} for the superuser. The caller holds the composer's
     * data-directory lock, so a server still running on {@code dataDir} is an orphan of a dead composer.
     */
    static EmbeddedDatabase start(Path dataDir, String password) throws IOException, SQLException {
        Files.createDirectories(dataDir.getParent());
        stopOrphanedServer(dataDir);
        // Keep an existing data directory: it holds the user's experiments from earlier runs.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false)
                // the binaries beside the data (the owner's only), where the single-user step below finds them
                .setOverrideWorkingDirectory(dataDir.resolveSibling("postgres-binaries").toFile())
                .setPgBinaryResolver(new BinariesFor(dataDir))
                .setPGStartupWait(Duration.ofSeconds(60)).setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''").setServerConfig("password_encryption",
                        "scram-sha-256")
                // zonky's defaults trade durability for test speed (it passes -F, fsync off, before these)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setConnectConfig("password", password)
                .setDataDirectoryCustomizer(directory -> secure(directory.toPath(), password)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String database : List.of(DATABASE, BROKER_DATABASE)) {
                try (Statement statement = c.createStatement();
                        ResultSet rs = statement
                                .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!rs.next()) {
                        statement.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new EmbeddedDatabase(postgres, password);
    }

    /**
     * Before every start: the superuser gets the password (once, in single-user mode, so the server never accepts a
     * connection without it, also for data directories made by versions that used trust) and {@code pg_hba.conf}
     * is rewritten to allow password connections over 127.0.0.1 and nothing else.
     */
    private static void secure(Path dataDir, String password) {
        try {
            if (!Files.exists(dataDir.resolve(PASSWORD_SET_MARKER))) {
                setPasswordOffline(dataDir, password);
                Files.writeString(dataDir.resolve(PASSWORD_SET_MARKER), "scram-sha-256\n");
            }
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by the standalone composer at every start: password (scram-sha-256) connections over
                    # 127.0.0.1 only. There is no Unix socket and no trust entry, so other users of the machine get
                    # nothing without the password in the composer's secrets/ folder.
                    host all all 127.0.0.1/32 scram-sha-256
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot secure the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Sets the superuser's password with the server stopped: {@code postgres --single}, no network involved. */
    private static void setPasswordOffline(Path dataDir, String password) throws IOException {
        Path postgresBinary = binary(dataDir);
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses to run as root
        }
        // the statement holds the password: never written to the server log, even on an error
        command.addAll(List.of(postgresBinary.toString(), "--single", "-D", dataDir.toString(), "-c",
                "log_min_error_statement=panic", "-c", "log_statement=none", USER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(("ALTER ROLE " + USER + " WITH PASSWORD '" + password.replace("'", "''") + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR")) {
                process.destroyForcibly();
                throw new IOException("setting the embedded PostgreSQL's password failed: "
                        + output.replace(password, "<password>"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the embedded PostgreSQL's password", e);
        }
        log.info("The embedded PostgreSQL in {} now requires its generated password", dataDir);
    }

    /**
     * zonky's default binaries, under a key of this data directory's own: zonky remembers where it unpacked the
     * binaries per resolver for the whole JVM, so with the shared default resolver a second data directory would be
     * started from the first one's binaries and {@link #binary} would not find them.
     */
    private record BinariesFor(Path dataDir) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    /** The {@code postgres} binary zonky unpacked for this server (the newest, should several versions be there). */
    private static Path binary(Path dataDir) throws IOException {
        Path binaries = dataDir.resolveSibling("postgres-binaries");
        try (Stream<Path> dirs = Files.list(binaries)) {
            return dirs.map(dir -> dir.resolve("bin").resolve("postgres")).filter(Files::isExecutable)
                    .max(Comparator.comparing(path -> path.toFile().lastModified()))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries unpacked in " + binaries));
        }
    }

    /**
     * A PostgreSQL server outlives a JVM killed with SIGKILL; its {@code postmaster.pid} then makes the next start
     * fail. Since the caller holds the data directory's lock, a server found running on it is such an orphan: it is
     * asked to shut down (SIGTERM, a smart shutdown: its clients died with the old JVM) and waited for. A pid file
     * left by a server that no longer runs is removed.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (RuntimeException e) {
            log.warn("Removing the unreadable {}", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(process.get())) {
            // gone, or the pid now belongs to another program: PostgreSQL itself would refuse to start on it
            log.info("Removing {} of a PostgreSQL server that no longer runs (pid {})", pidFile, pid);
            Files.deleteIfExists(pidFile);
            return;
        }
        if (!servesDirectory(process.get(), dataDir)) {
            // never remove the pid file of a live server: a second one on the same files would corrupt them
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") holds " + pidFile + " but does not look like"
                    + " the server of " + dataDir + "; stop it (kill " + pid + ") if it is, and start again");
        }
        log.warn("PostgreSQL (pid {}) is still running on {} after the composer that started it died; stopping it",
                pid, dataDir);
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDir
                    + " by an earlier composer did not stop within " + ORPHAN_STOP_WAIT.toSeconds()
                    + " s; stop it (kill " + pid + ") and start again");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("waiting for PostgreSQL (pid " + pid + ") to stop failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for PostgreSQL (pid " + pid + ") to stop", e);
        }
        log.info("The orphaned PostgreSQL server (pid {}) stopped", pid);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("\\postgres.exe"))
                .orElse(false);
    }

    /** Whether the server was started on exactly this data directory ({@code -D}, as zonky starts it). */
    private static boolean servesDirectory(ProcessHandle process, Path dataDir) {
        String[] arguments = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && sameFile(Path.of(arguments[i + 1]), dataDir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /**
     * The embedded broker's message store, whose sessions commit asynchronously ({@code synchronous_commit=off}):
     * a message is confirmed once its rows are committed in memory, without waiting for the WAL's fsync, which on a
     * loaded disk was most of the dispatch latency (every hop of a run's way stores one message). Nothing a user was
     * told is lost that way, because both databases write one WAL, in order: every commit of {@link #DATABASE}
     * (still synchronous) flushes the WAL up to its own commit record, and with it every broker commit made before.
     * So whatever the services did because of a broker commit, once it reached the composer's database (the outbox
     * marked published, a run queued, started or finished), is as durable as that database; a crash of PostgreSQL
     * itself, the OS or the power can only lose the broker's last commits made since, a suffix in time (at most
     * about three {@code wal_writer_delay}s, 0.6 s). The broker then restarts as it was at that moment: the
     * messages published since are gone, and so are the acknowledgements given since, whose inputs are delivered
     * again and handled again (the publishers' redelivery path, exactly as after a crash between a publish and
     * its acknowledgement). A crash of the composer's JVM alone loses nothing: the server outlives it and writes
     * its WAL out regardless. README, "Standalone durability".
     */
    String brokerStoreUrl() {
        return jdbcUrl(BROKER_DATABASE) + "?options=-c%20synchronous_commit%3Doff";
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
