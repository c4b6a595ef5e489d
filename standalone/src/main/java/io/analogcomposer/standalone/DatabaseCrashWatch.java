package io.analogcomposer.standalone;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the composer the moment its embedded PostgreSQL ends a session other than by a clean shutdown: a crash of
 * one of the server's processes (which makes the server end every session and recover from its WAL), or the server
 * gone without a word.
 *
 * <p>Why: the broker's store commits asynchronously (see {@link EmbeddedDatabase#brokerStoreUrl()}). When the whole
 * machine or the composer's JVM dies, that costs nothing but a moment of the broker's history. When the server alone
 * recovers from a crash and the JVM lives on, the broker would go on from its memory, which then holds messages whose
 * rows the recovery dropped; a publisher acknowledging its input after that, followed by a stop of the JVM before
 * the message was consumed, would lose the message for good. Stopping at once (no orderly shutdown, which would
 * acknowledge and publish more) leaves exactly the state a power cut leaves, from which the next start goes on.
 *
 * <p>It holds one session of its own that listens for notifications, waiting on the socket, so it learns of the end
 * of its session as soon as the server says so (PostgreSQL tells every session when it ends them after a crash),
 * before the server has even begun its recovery. A clean shutdown ({@code 57P01}: the composer's own stop, or the
 * embedded server's shutdown hook when the JVM exits) writes the whole WAL out first, loses nothing and is left
 * alone.
 */
final class DatabaseCrashWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCrashWatch.class);
    /** SQLSTATE admin_shutdown: the server is stopping on request and ends its sessions. */
    private static final String ADMIN_SHUTDOWN = "57P01";
    /** How long one wait on the socket lasts before {@link #close} is looked at again; reading sends nothing. */
    private static final int WAIT_MILLIS = 500;

    private final Connection session;
    private final Thread watcher;
    private volatile boolean closed;

    private DatabaseCrashWatch(Connection session, Runnable onLoss) {
        this.session = session;
        this.watcher = Thread.ofPlatform().daemon().name("database-crash-watch").unstarted(() -> watch(onLoss));
    }

    /**
     * Opens the watching session on {@code url} and starts watching it; {@code onLoss} runs once, on the watcher's
     * thread, if the session ends before {@link #close}.
     */
    static DatabaseCrashWatch start(String url, String user, String password, Runnable onLoss) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "composer-crash-watch");
        Connection session = DriverManager.getConnection(url, properties);
        try (Statement statement = session.createStatement()) {
            // a channel nobody notifies: the session only waits on its socket, which wakes when the server ends it
            statement.execute("LISTEN composer_crash_watch");
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        DatabaseCrashWatch watch = new DatabaseCrashWatch(session, onLoss);
        watch.watcher.start();
        return watch;
    }

    private void watch(Runnable onLoss) {
        try {
            PGConnection pg = session.unwrap(PGConnection.class);
            while (!closed) {
                pg.getNotifications(WAIT_MILLIS); // returns early on a notification or the end of the session
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && ADMIN_SHUTDOWN.equals(sql.getSQLState())) {
                log.info("The embedded PostgreSQL is shutting down");
            } else if (!closed) {
                log.error("The embedded PostgreSQL ended the composer's session ({}): it crashed or was stopped."
                        + " Stopping the composer at once; start it again to go on from what is stored.",
                        e.getMessage());
                onLoss.run();
            }
        } finally {
            // closed here, on the thread that reads it: the driver serialises a close with a read in progress
            try {
                session.close();
            } catch (SQLException e) {
                log.debug("Closing the crash watch's session: {}", e.getMessage());
            }
        }
    }

    /** Stops watching (before the server is stopped on purpose). */
    @Override
    public void close() {
        closed = true;
        try {
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
