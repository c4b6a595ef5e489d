package io.analogcomposer.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.testsupport.PostgresServer;
import io.analogcomposer.testsupport.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A broker-driven transaction commits without waiting for the WAL's flush only where the broker shares the WAL, and
 * only that transaction: the session's later transactions (a user's submission on the same pooled connection) stay
 * synchronous.
 */
class BrokerOrderedCommitsTest {

    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate tx;

    @BeforeEach
    void connect() {
        PostgresServer server = TestServices.postgres();
        dataSource = new SingleConnectionDataSource(server.jdbcUrl("postgres"), server.user(), server.password(), true);
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // the server's own default could be either; the composer's database commits synchronously
        jdbc.sql("SET SESSION synchronous_commit TO ON").update();
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void whereTheBrokerSharesTheWalABrokerDrivenTransactionSkipsTheFlushAndTheNextOneDoesNot() {
        BrokerOrderedCommits commits = new BrokerOrderedCommits(jdbc, true);

        String inside = tx.execute(status -> {
            commits.relax();
            return setting();
        });

        String later = tx.execute(status -> setting());

        assertThat(inside).isEqualTo("off");
        assertThat(later).as("a later transaction of the same session").isEqualTo("on");
        assertThat(commits.asynchronous()).isTrue();
    }

    @Test
    void withASeparateBrokerEveryCommitStaysSynchronous() {
        BrokerOrderedCommits commits = new BrokerOrderedCommits(jdbc, false);

        String inside = tx.execute(status -> {
            commits.relax();
            return setting();
        });

        assertThat(inside).isEqualTo("on");
        assertThat(commits.asynchronous()).isFalse();
    }

    private String setting() {
        return jdbc.sql("SHOW synchronous_commit").query(String.class).single();
    }
}
