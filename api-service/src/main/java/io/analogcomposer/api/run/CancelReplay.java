package io.analogcomposer.api.run;

import io.analogcomposer.api.outbox.Outbox;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.messaging.workers.LiveWorkers;
import io.analogcomposer.spec.messages.CancelRun;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs that ended while their job still waited in a backend's queue (cancelled, or given up for want of a worker)
 * leave that job behind: AMQP cannot take one message out of a queue. A worker that was running when they ended heard
 * the cancellation and drops the job on receipt; a worker that starts later did not, so when a worker appears the
 * cancellations of its backend's recent such runs are broadcast again. (If one slips through anyway, its RunStarted
 * is answered with a cancellation, see {@link RunEventHandler}.)
 */
@Component
class CancelReplay {

    private static final Logger log = LoggerFactory.getLogger(CancelReplay.class);

    /** As long as a worker remembers a cancellation by default; older jobs are not worth a broadcast. */
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final int MAX = 1000;

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final Outbox outbox;
    private final Topology topology;
    private final TransactionTemplate tx;

    CancelReplay(org.springframework.jdbc.core.simple.JdbcClient jdbc, Outbox outbox, Topology topology,
            TransactionTemplate tx, LiveWorkers liveWorkers) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.topology = topology;
        this.tx = tx;
        liveWorkers.onArrival(worker -> replay(worker.backend().wire()));
    }

    /** Broadcasts again the cancellations of runs that ended unstarted while queued on this backend. */
    int replay(String backend) {
        try {
            Integer count = tx.execute(status -> {
                var ended = jdbc.sql("""
                        SELECT id, attempt, failure_reason FROM run
                        WHERE status IN ('cancelled', 'failed') AND started_at IS NULL
                          AND (backend = :backend OR backend IS NULL) AND finished_at > :since
                          AND (cancel_requested OR failure_code = 'no_worker')
                        ORDER BY finished_at DESC LIMIT :max
                        """).param("backend", backend).param("since", Timestamp.from(Instant.now().minus(WINDOW)))
                        .param("max", MAX).query((rs, i) -> new Object[]{rs.getObject(1, UUID.class), rs.getInt(2),
                                rs.getString(3)})
                        .list();
                for (Object[] run : ended) {
                    UUID id = (UUID) run[0];
                    outbox.enqueue(id, topology.controlExchange(), "cancel", CancelRun.of(id.toString(),
                            Math.max(1, (Integer) run[1]), (String) run[2]));
                }
                return ended.size();
            });
            if (count != null && count > 0) {
                log.info("A {} worker appeared: told it again that {} queued run(s) ended", backend, count);
            }
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            // best effort: a worker that takes such a job anyway is told when it reports the start
            log.warn("Could not replay cancellations for {} workers: {}", backend, e.getMessage());
            return 0;
        }
    }
}
