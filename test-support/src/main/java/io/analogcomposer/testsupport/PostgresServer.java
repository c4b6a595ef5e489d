package io.analogcomposer.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reachable PostgreSQL server on which each test run creates its own database, so concurrent runs never
 * see each other's rows.
 */
public record PostgresServer(String host, int port, String user, String password) {

    /** Databases made by {@link #createDatabase()} start with this, followed by their creation second. */
    static final String DATABASE_PREFIX = "act_";

    /** Runs older than this are certainly dead; their databases are dropped when a new run starts. */
    private static final Duration STALE_AFTER = Duration.ofHours(6);

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Connection connect(String database, Duration timeout) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates a fresh, empty database; closing the handle drops it again. */
    public IsolatedDatabase createDatabase() {
        String name = DATABASE_PREFIX + Instant.now().getEpochSecond() + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
        try (Connection c = connect("postgres", Duration.ofSeconds(5))) {
            dropStaleDatabases(c);
            c.createStatement().execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new IsolatedDatabase(this, name);
    }

    void dropDatabase(String name) {
        try (Connection c = connect("postgres", Duration.ofSeconds(5))) {
            c.createStatement().execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Databases left behind by runs that were killed before they could clean up. */
    private static void dropStaleDatabases(Connection c) throws SQLException {
        long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + DATABASE_PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.substring(DATABASE_PREFIX.length()).split("_");
                try {
                    if (Long.parseLong(parts[0]) < cutoff) {
                        stale.add(name);
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        for (String name : stale) {
            c.createStatement().execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
    }
}
