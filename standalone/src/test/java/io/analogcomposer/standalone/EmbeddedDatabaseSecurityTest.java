package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as another user of the machine meets it: nothing without the composer's password (which
 * only the owner can read), no Unix socket, loopback only, and durable commits.
 */
class EmbeddedDatabaseSecurityTest {

    @TempDir
    Path work;

    private static Connection connect(EmbeddedDatabase database, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedDatabase.USER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void onlyTheOwnersKeptPasswordOpensTheDatabaseAndCommitsAreDurable() throws Exception {
        try (DataDirectory dir = DataDirectory.open(work.resolve("data"))) {
            String password = dir.secret("database-password");
            Path passwordFile = dir.root().resolve("secrets/database-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.root()))).isEqualTo("rwx------");
            assertThat(dir.secret("database-password")).as("kept, not made anew").isEqualTo(password);

            try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.postgres(), password)) {
                assertThatThrownBy(() -> connect(database, null).close()).isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
                assertThatThrownBy(() -> connect(database, "guessed-" + password).close())
                        .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
                try (Connection c = connect(database, password)) {
                    assertThat(show(c, "fsync")).isEqualTo("on");
                    assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                    assertThat(show(c, "full_page_writes")).isEqualTo("on");
                    assertThat(show(c, "listen_addresses")).isEqualTo("127.0.0.1");
                    assertThat(show(c, "unix_socket_directories")).isEmpty();
                    List<String> rules = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(
                                    "SELECT type, address, auth_method FROM pg_hba_file_rules ORDER BY rule_number")) {
                        while (rs.next()) {
                            rules.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                        }
                    }
                    assertThat(rules).containsExactly("host 127.0.0.1 scram-sha-256");
                }
            }
        }
    }

    /**
     * Data directories made by earlier versions let anyone in (trust, no password): the first start of this version
     * sets the password before the server accepts a connection.
     */
    @Test
    void aDataDirectoryFromTheTrustDaysGetsThePasswordOnItsFirstStart() throws Exception {
        Path pgData = work.resolve("data/postgres");
        Files.createDirectories(pgData);
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData.toFile())
                .setCleanDataDirectory(false).start(); Connection c = old.getPostgresDatabase().getConnection()) {
            assertThat(c.isValid(5)).as("the old set-up: trust, no password").isTrue();
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(pgData, "kept-password-0123456789abcdef0123")) {
            assertThatThrownBy(() -> connect(database, null).close()).isInstanceOf(SQLException.class);
            try (Connection c = connect(database, "kept-password-0123456789abcdef0123")) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }
}
