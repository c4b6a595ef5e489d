package io.analogcomposer.testsupport;

/** A database that exists only for one test run; {@link #close()} drops it. */
public record IsolatedDatabase(PostgresServer server, String name) implements AutoCloseable {

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
