package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker's asynchronous store rests on (README "Standalone durability"): only the broker's sessions commit
 * asynchronously, a synchronous commit of the composer's database makes the broker's earlier commits durable with
 * it, and a crash of the server under a running composer is noticed at once, so the composer can stop before it acts
 * on broker state the recovery dropped.
 */
class BrokerStoreDurabilityTest {

    @TempDir
    Path work;

    private static Connection connect(String url, EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(url, database.user(), database.password());
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void onlyTheBrokerCommitsAsynchronouslyAndItsCommitsLastOnceTheComposersDatabaseCommitsAfterThem()
            throws Exception {
        try (DataDirectory dir = DataDirectory.open(work.resolve("data"));
                EmbeddedDatabase database = EmbeddedDatabase.start(dir.postgres(), dir.secret("database-password"))) {
            try (Connection broker = connect(database.brokerStoreUrl(), database);
                    Connection composer = connect(database.jdbcUrl(), database)) {
                assertThat(query(broker, "SHOW synchronous_commit")).isEqualTo("off");
                assertThat(query(composer, "SHOW synchronous_commit")).as("runs and outbox stay synchronous")
                        .isEqualTo("on");
                try (Statement s = broker.createStatement()) {
                    s.execute("CREATE TABLE probe (v text)");
                    s.execute("INSERT INTO probe VALUES ('confirmed before the composer committed')");
                }
                try (Statement s = composer.createStatement()) {
                    s.execute("CREATE TABLE marker (v text)");
                    s.execute("INSERT INTO marker VALUES ('published')");
                }
            }
            CountDownLatch lost = new CountDownLatch(1);
            try (DatabaseCrashWatch watch = DatabaseCrashWatch.start(database.jdbcUrl(), database.user(),
                    database.password(), lost::countDown)) {
                // a backend killed: the server ends every session and recovers from what its WAL has on disk
                try (Connection victim = connect(database.jdbcUrl(), database)) {
                    long pid = Long.parseLong(query(victim, "SELECT pg_backend_pid()"));
                    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                    assertThat(lost.await(60, TimeUnit.SECONDS)).as("the crash is noticed").isTrue();
                }
            }
            try (Connection broker = reconnect(database.brokerStoreUrl(), database)) {
                assertThat(query(broker, "SELECT v FROM probe"))
                        .isEqualTo("confirmed before the composer committed");
            }
        }
    }

    @Test
    void neitherClosingTheWatchNorACleanStopOfTheServerIsACrash() throws Exception {
        try (DataDirectory dir = DataDirectory.open(work.resolve("data"))) {
            EmbeddedDatabase database = EmbeddedDatabase.start(dir.postgres(), dir.secret("database-password"));
            CountDownLatch lost = new CountDownLatch(1);
            DatabaseCrashWatch.start(database.jdbcUrl(), database.user(), database.password(), lost::countDown)
                    .close();
            assertThat(lost.await(2, TimeUnit.SECONDS)).as("closed").isFalse();
            // the server stopped while watched, as when the JVM exits and the server's own shutdown hook stops it
            try (DatabaseCrashWatch watch = DatabaseCrashWatch.start(database.jdbcUrl(), database.user(),
                    database.password(), lost::countDown)) {
                database.close();
                assertThat(lost.await(3, TimeUnit.SECONDS)).as("stopped cleanly").isFalse();
            }
        }
    }

    /** The server takes a moment to recover after the crash. */
    private static Connection reconnect(String url, EmbeddedDatabase database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return connect(url, database);
            } catch (SQLException recovering) {
                if (System.nanoTime() > deadline) {
                    throw recovering;
                }
                Thread.sleep(200);
            }
        }
    }
}
