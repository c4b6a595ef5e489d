package io.analogcomposer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestServicesTest {

    @Test
    void isolatedDatabaseIsCreatedEmptyAndDroppedOnClose() throws Exception {
        PostgresServer pg = TestServices.postgres();
        String name;
        try (IsolatedDatabase db = pg.createDatabase(); var c = pg.connect(db.name(), Duration.ofSeconds(5))) {
            name = db.name();
            c.createStatement().execute("CREATE TABLE t (x int)");
            c.createStatement().execute("INSERT INTO t VALUES (42)");
            ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        try (var c = pg.connect("postgres", Duration.ofSeconds(5))) {
            ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
            rs.next();
            assertThat(rs.getInt(1)).as("database dropped after close").isZero();
        }
    }

    @Test
    void twoDatabasesNeverShareAName() {
        PostgresServer pg = TestServices.postgres();
        try (IsolatedDatabase a = pg.createDatabase(); IsolatedDatabase b = pg.createDatabase()) {
            assertThat(a.name()).isNotEqualTo(b.name());
        }
    }

    @Test
    void prefixedQueuesAreDeletedByCleanup() throws Exception {
        RabbitServer mq = TestServices.rabbit();
        String prefix = mq.newNamePrefix();
        String queue = prefix + "jobs.cpu";
        try (Connection connection = mq.connect(5000); Channel ch = connection.createChannel()) {
            ch.queueDeclare(queue, false, false, false, null);
            ch.basicPublish("", queue, null, "hello".getBytes());
            assertThat(new String(ch.basicGet(queue, true).getBody())).isEqualTo("hello");
        }
        mq.delete(List.of(queue), List.of());
        try (Connection connection = mq.connect(5000)) {
            Channel ch = connection.createChannel(); // closed by the broker when the queue is missing
            assertThatThrownBy(() -> ch.queueDeclarePassive(queue)).hasStackTraceContaining("NOT_FOUND");
        }
    }

    @Test
    void unreachableServerIsReportedWithTheReason() {
        String problem = TestServices.probe(new PostgresServer("127.0.0.1", 1, "postgres", ""));
        assertThat(problem).isNotNull().contains("Connection");
    }
}
