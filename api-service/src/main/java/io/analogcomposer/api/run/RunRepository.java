package io.analogcomposer.api.run;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Runs' state, without their documents and result (see {@link Run}): every query here selects only the columns the
 * entity maps.
 */
public interface RunRepository extends JpaRepository<Run, UUID> {

    /** The run locked for this transaction, so concurrent events about it apply one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Run r where r.id = :id")
    Optional<Run> lockById(UUID id);

    // the entity's columns by name: "SELECT *" would fetch the documents and the result of every listed run too
    @Query(value = """
            SELECT r.id, r.experiment_id, r.owner_id, r.status, r.requested_backend, r.backend, r.routing, r.attempt,
                   r.errors, r.warnings, r.failure_reason, r.failure_code, r.worker, r.cancel_requested, r.created_at,
                   r.validated_at, r.started_at, r.finished_at, r.last_seen_at, r.version
            FROM run r
            WHERE r.owner_id = :owner
              AND (CAST(:experiment AS uuid) IS NULL OR r.experiment_id = CAST(:experiment AS uuid))
              AND (CAST(:status AS varchar) IS NULL OR r.status = :status)
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (r.created_at, r.id) < (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT :limit
            """, nativeQuery = true)
    List<Run> page(@Param("owner") UUID owner, @Param("experiment") UUID experiment, @Param("status") String status,
            @Param("afterCreated") Instant afterCreated, @Param("afterId") UUID afterId, @Param("limit") int limit);

    /** Runs a worker holds but has not been heard of since {@code before}: their worker may have vanished. */
    @Query("select r from Run r where r.status = :status and r.lastSeenAt < :before")
    List<Run> silentSince(RunStatus status, Instant before);

    /** Runs in a status that were created before {@code before}: e.g. validations nobody answered. */
    @Query("select r from Run r where r.status = :status and r.createdAt < :before")
    List<Run> createdBeforeIn(RunStatus status, Instant before);

    /** Runs in a status that started before {@code before}: candidates for the maximum run duration. */
    @Query("select r from Run r where r.status = :status and r.startedAt < :before")
    List<Run> startedBeforeIn(RunStatus status, Instant before);

    /** Runs queued on one of these backends since before {@code before}: candidates for "no worker is running". */
    @Query("select r from Run r where r.status = :status and r.backend in :backends and r.validatedAt < :before")
    List<Run> queuedOn(RunStatus status, java.util.Collection<String> backends, Instant before);

    long countByStatus(RunStatus status);
}
