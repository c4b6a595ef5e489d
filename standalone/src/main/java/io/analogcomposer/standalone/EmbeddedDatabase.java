package io.analogcomposer.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL server run from bundled binaries (zonky) whose data directory lives in the composer's data
 * directory, so experiments and runs survive a restart. The services use it through plain JDBC and the same
 * Flyway migrations as against a production server.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "composer";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir) throws IOException, SQLException {
        Files.createDirectories(dataDir.getParent());
        // Keep an existing data directory: it holds the user's experiments from earlier runs.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            ResultSet rs = c.createStatement()
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        }
        return new EmbeddedDatabase(postgres);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
