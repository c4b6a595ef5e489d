package io.analogcomposer.api.outbox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lets a transaction that only records what the broker said (an event applied, an outbox message marked published)
 * commit without waiting for the disk, where that loses nothing: when the broker keeps its messages in this same
 * PostgreSQL server ({@code composer.database.broker-shares-wal}, the standalone composer). Both then write one WAL,
 * in order, and whatever the broker commits after such a transaction (the acknowledgement of the event, the next
 * publish) lies behind it in that WAL: a crash that loses the transaction loses those too, so the broker delivers
 * the event again (applied once more, by its id) or the relay publishes the message again (consumers dedupe by id),
 * exactly as after a crash between the broker's confirm and the commit. A run's submission and the user's own
 * requests stay synchronous: their answer tells the user the change is stored.
 *
 * <p>With a separate RabbitMQ (the default) the broker's disk is not ordered with the database's, so every commit
 * stays synchronous.
 */
@Component
public class BrokerOrderedCommits {

    private final JdbcClient jdbc;
    private final boolean brokerSharesWal;

    BrokerOrderedCommits(JdbcClient jdbc,
            @Value("${composer.database.broker-shares-wal:false}") boolean brokerSharesWal) {
        this.jdbc = jdbc;
        this.brokerSharesWal = brokerSharesWal;
    }

    /**
     * Called inside such a transaction, anywhere before its commit (one statement, so callers on a latency path put
     * it after their broker work): its commit does not wait for the WAL's flush where the broker shares the WAL.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void relax() {
        if (brokerSharesWal) {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
        }
    }

    /** Whether commits of broker-driven transactions are asynchronous here. */
    public boolean asynchronous() {
        return brokerSharesWal;
    }
}
