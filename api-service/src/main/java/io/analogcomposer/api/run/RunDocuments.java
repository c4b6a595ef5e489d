package io.analogcomposer.api.run;

import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The large columns of a run's row: the submitted and resolved documents and the result, up to ~1 MiB each. The
 * {@link Run} entity does not map them, so whatever reads or changes a run's state (status polls, event streams,
 * lists, the watchdog, quota counts, cancel, worker events) leaves them in the database; they are read here, one
 * column at a time, only where a response contains them or a step needs them (resolving on validation), and
 * written here in the transaction that changes the run's state, on its locked row.
 */
@Component
public class RunDocuments {

    /** One large column of a run. */
    public enum Part {
        SUBMITTED("submitted_document"), RESOLVED("resolved_document"), RESULT("result");

        private final String column;

        Part(String column) {
            this.column = column;
        }
    }

    private final JdbcClient jdbc;

    RunDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new run's row with its submitted document. (The entity cannot insert it: the document column is not
     * null and not mapped.) Read the run back through its repository to change it further.
     */
    void insert(Run run, String submittedDocument) {
        jdbc.sql("""
                INSERT INTO run (id, experiment_id, owner_id, status, requested_backend, attempt, submitted_document,
                                 cancel_requested, created_at, version)
                VALUES (:id, :experiment, :owner, :status, :requested, :attempt, CAST(:document AS jsonb),
                        :cancelRequested, :createdAt, 0)
                """).param("id", run.id()).param("experiment", run.experimentId()).param("owner", run.ownerId())
                .param("status", run.status().wireName()).param("requested", run.requestedBackend())
                .param("attempt", run.attempt()).param("document", submittedDocument)
                .param("cancelRequested", run.cancelRequested()).param("createdAt", Timestamp.from(run.createdAt()))
                .update();
    }

    /** One part of a run as stored JSON text; empty when the run does not have it (yet). */
    public Optional<String> read(UUID runId, Part part) {
        return jdbc.sql("SELECT " + part.column + "::text FROM run WHERE id = :id").param("id", runId)
                .query(String.class).optional();
    }

    /** Which parts a run has, without reading them. */
    public Set<Part> present(UUID runId) {
        return jdbc.sql("""
                SELECT submitted_document IS NOT NULL, resolved_document IS NOT NULL, result IS NOT NULL
                FROM run WHERE id = :id
                """).param("id", runId).query((rs, i) -> {
            Set<Part> parts = EnumSet.noneOf(Part.class);
            for (Part part : Part.values()) {
                if (rs.getBoolean(part.ordinal() + 1)) {
                    parts.add(part);
                }
            }
            return parts;
        }).optional().orElse(EnumSet.noneOf(Part.class));
    }

    /** Stores a part (the resolved document, the result) of a run whose row this transaction has locked. */
    void store(UUID runId, Part part, String json) {
        jdbc.sql("UPDATE run SET " + part.column + " = CAST(:json AS jsonb) WHERE id = :id").param("json", json)
                .param("id", runId).update();
    }
}
