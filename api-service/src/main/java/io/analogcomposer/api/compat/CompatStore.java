package io.analogcomposer.api.compat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The compat tables (V10): experiments the client created, the inputs it uploaded and the jobs it queued. */
@Repository
class CompatStore {

    /** An input registered by {@code POST inputs}; {@code content} is null until the client PUTs it. */
    record Input(UUID id, UUID experimentId, UUID ownerId, String device, byte[] content, String problems,
            Instant createdAt, Instant uploadedAt) {

        boolean uploaded() {
            return uploadedAt != null;
        }
    }

    /** A job queued by {@code POST jobs}: a run, or (run null) a refusal with its failure. */
    record Job(UUID id, UUID experimentId, UUID ownerId, UUID inputId, UUID runId, String device, String failure,
            Instant createdAt) {}

    private final JdbcClient jdbc;

    CompatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void addExperiment(UUID experimentId, UUID owner, String category, Instant at) {
        jdbc.sql("INSERT INTO compat_experiment (experiment_id, owner_id, category, created_at)"
                + " VALUES (:e, :o, :c, :t)").param("e", experimentId).param("o", owner).param("c", category)
                .param("t", Timestamp.from(at)).update();
    }

    /** The categories of those of the experiments the client created. */
    Map<UUID, String> categories(Collection<UUID> experimentIds) {
        if (experimentIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT experiment_id, category FROM compat_experiment WHERE experiment_id IN (:ids)")
                .param("ids", experimentIds)
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void addInput(UUID id, UUID experimentId, UUID owner, String device, Instant at) {
        jdbc.sql("INSERT INTO compat_input (id, experiment_id, owner_id, device, created_at)"
                + " VALUES (:id, :e, :o, :d, :t)").param("id", id).param("e", experimentId).param("o", owner)
                .param("d", device).param("t", Timestamp.from(at)).update();
    }

    /** Stores the uploaded bytes once; false if the input was already uploaded (upload URLs are single-use). */
    boolean upload(UUID id, byte[] content, String problems, Instant at) {
        return jdbc.sql("UPDATE compat_input SET content = :c, problems = :p, uploaded_at = :t"
                + " WHERE id = :id AND uploaded_at IS NULL").param("c", content).param("p", problems)
                .param("t", Timestamp.from(at)).param("id", id).update() == 1;
    }

    Optional<Input> input(UUID id) {
        return jdbc.sql("SELECT * FROM compat_input WHERE id = :id").param("id", id).query(CompatStore::input)
                .optional();
    }

    /** The last input uploaded for the experiment: the one its next job runs. */
    Optional<Input> latestUpload(UUID experimentId) {
        return jdbc.sql("SELECT * FROM compat_input WHERE experiment_id = :e AND uploaded_at IS NOT NULL"
                + " ORDER BY uploaded_at DESC, created_at DESC LIMIT 1").param("e", experimentId)
                .query(CompatStore::input).optional();
    }

    void addJob(Job job) {
        jdbc.sql("INSERT INTO compat_job (id, experiment_id, owner_id, input_id, run_id, device, failure, created_at)"
                + " VALUES (:id, :e, :o, :i, :r, :d, :f, :t)").param("id", job.id()).param("e", job.experimentId())
                .param("o", job.ownerId()).param("i", job.inputId()).param("r", job.runId())
                .param("d", job.device()).param("f", job.failure()).param("t", Timestamp.from(job.createdAt()))
                .update();
    }

    Optional<Job> job(UUID id) {
        return jdbc.sql("SELECT * FROM compat_job WHERE id = :id").param("id", id).query(CompatStore::job)
                .optional();
    }

    Optional<Job> latestJob(UUID experimentId) {
        return jdbc.sql("SELECT * FROM compat_job WHERE experiment_id = :e ORDER BY created_at DESC LIMIT 1")
                .param("e", experimentId).query(CompatStore::job).optional();
    }

    /** The job that ran as this run, if the client queued it. */
    Optional<Job> jobOfRun(UUID runId) {
        return jdbc.sql("SELECT * FROM compat_job WHERE run_id = :r").param("r", runId).query(CompatStore::job)
                .optional();
    }

    private static Input input(ResultSet rs, int row) throws SQLException {
        return new Input(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                rs.getObject("owner_id", UUID.class), rs.getString("device"), rs.getBytes("content"),
                rs.getString("problems"), instant(rs, "created_at"), instant(rs, "uploaded_at"));
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                rs.getObject("owner_id", UUID.class), rs.getObject("input_id", UUID.class),
                rs.getObject("run_id", UUID.class), rs.getString("device"), rs.getString("failure"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
