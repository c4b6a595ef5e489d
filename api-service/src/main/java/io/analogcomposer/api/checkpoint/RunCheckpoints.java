package io.analogcomposer.api.checkpoint;

import io.analogcomposer.spec.messages.CheckpointReply;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunCheckpoint;
import java.sql.Timestamp;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The saved training states of runs still going: one per run, the one with the most epochs wins (a late copy of an
 * older attempt never replaces a newer state), handed to the worker of a later attempt and dropped when the run ends.
 */
@Component
public class RunCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(RunCheckpoints.class);

    private final JdbcClient jdbc;

    RunCheckpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the state unless its checksum is wrong or a state with more epochs is already kept. */
    public boolean store(UUID runId, RunCheckpoint checkpoint) {
        if (!RunArtifact.sha256(checkpoint.content()).equalsIgnoreCase(checkpoint.sha256())) {
            log.warn("Dropping the checkpoint of run {}: checksum mismatch", runId);
            return false;
        }
        return jdbc.sql("""
                INSERT INTO run_checkpoint (run_id, attempt, epochs_done, size_bytes, sha256, content, saved_at)
                VALUES (:run, :attempt, :epochs, :size, :sha, :content, :at)
                ON CONFLICT (run_id) DO UPDATE SET attempt = EXCLUDED.attempt, epochs_done = EXCLUDED.epochs_done,
                    size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, content = EXCLUDED.content,
                    saved_at = EXCLUDED.saved_at
                WHERE run_checkpoint.epochs_done <= EXCLUDED.epochs_done
                """).param("run", runId).param("attempt", checkpoint.attempt())
                .param("epochs", checkpoint.epochsDone()).param("size", (long) checkpoint.content().length)
                .param("sha", checkpoint.sha256()).param("content", checkpoint.content())
                .param("at", Timestamp.from(checkpoint.timestamp())).update() == 1;
    }

    /** The run's latest saved state, or a reply without one. */
    public CheckpointReply latest(UUID runId) {
        return jdbc.sql("SELECT epochs_done, content, sha256 FROM run_checkpoint WHERE run_id = :run")
                .param("run", runId)
                .query((rs, i) -> new CheckpointReply(runId.toString(), rs.getInt(1), rs.getBytes(2),
                        rs.getString(3)))
                .optional().orElseGet(() -> CheckpointReply.none(runId.toString()));
    }

    /** Forgets the run's state (it ended: no attempt will need it). */
    public void discard(UUID runId) {
        jdbc.sql("DELETE FROM run_checkpoint WHERE run_id = :run").param("run", runId).update();
    }
}
