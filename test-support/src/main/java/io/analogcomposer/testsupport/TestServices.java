package io.analogcomposer.testsupport;

import java.time.Duration;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Finds the real PostgreSQL and RabbitMQ that integration tests talk to.
 *
 * <p>Order: the server named by the environment (defaults: the local services on 127.0.0.1), then a
 * Testcontainers container when a Docker engine exists. When neither is there, tests fail with one message
 * saying what is missing and how to start it; they never skip.
 *
 * <p>Environment: {@code COMPOSER_TEST_PG_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD} and
 * {@code COMPOSER_TEST_RABBIT_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}.
 */
public final class TestServices {

    private static PostgresServer postgres;
    private static RabbitServer rabbit;

    /**
     * The API's shared JWT secret ({@code composer.security.jwt-secret}, which the API refuses to start without) for
     * every service started by this test JVM: one value, so that API contexts started side by side accept each
     * other's JWTs as replicas do. Random per JVM, so no secret is written into the repository.
     */
    public static final String JWT_SECRET = java.util.HexFormat.of().formatHex(randomBytes());

    private TestServices() {
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = resolve("PostgreSQL", localPostgres(), TestServices::postgresContainer,
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
                    "COMPOSER_TEST_PG_HOST/_PORT/_USER/_PASSWORD");
        }
        return postgres;
    }

    public static synchronized RabbitServer rabbit() {
        if (rabbit == null) {
            rabbit = resolve("RabbitMQ", localRabbit(), TestServices::rabbitContainer, "rabbitmq-server -detached",
                    "COMPOSER_TEST_RABBIT_HOST/_PORT/_USER/_PASSWORD");
        }
        return rabbit;
    }

    private static PostgresServer localPostgres() {
        return new PostgresServer(env("COMPOSER_TEST_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env("COMPOSER_TEST_PG_PORT", "5432")), env("COMPOSER_TEST_PG_USER", "postgres"),
                env("COMPOSER_TEST_PG_PASSWORD", ""));
    }

    private static RabbitServer localRabbit() {
        return new RabbitServer(env("COMPOSER_TEST_RABBIT_HOST", "127.0.0.1"),
                Integer.parseInt(env("COMPOSER_TEST_RABBIT_PORT", "5672")), env("COMPOSER_TEST_RABBIT_USER", "guest"),
                env("COMPOSER_TEST_RABBIT_PASSWORD", "guest"));
    }

    private static <T> T resolve(String what, T local, Supplier<T> container, String startCommand, String envNames) {
        String localProblem = probe(local);
        if (localProblem == null) {
            return local;
        }
        if (dockerAvailable()) {
            return container.get();
        }
        throw new IllegalStateException(what + " is needed by the integration tests but is not reachable at "
                + describe(local) + " (" + localProblem + ") and no Docker engine is available for Testcontainers. "
                + "Start the local server (on Debian: `" + startCommand + "`), start Docker, or point the tests at "
                + "a server with " + envNames + ".");
    }

    /** Returns null when the server answers, otherwise why not. */
    static String probe(Object server) {
        try {
            switch (server) {
                case PostgresServer pg -> pg.connect("postgres", Duration.ofSeconds(3)).close();
                case RabbitServer mq -> mq.connect(3000).close();
                default -> throw new IllegalArgumentException(server.toString());
            }
            return null;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String describe(Object server) {
        return switch (server) {
            case PostgresServer pg -> pg.host() + ":" + pg.port() + " as user " + pg.user();
            case RabbitServer mq -> mq.host() + ":" + mq.port() + " as user " + mq.user();
            default -> server.toString();
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM; Testcontainers' Ryuk removes it afterwards
    private static PostgresServer postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        return new PostgresServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword());
    }

    @SuppressWarnings("resource")
    private static RabbitServer rabbitContainer() {
        RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management-alpine");
        container.start();
        return new RabbitServer(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                container.getAdminPassword());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
