package io.analogcomposer.api.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    @Query("select e from Experiment e where e.id = :id and e.deletedAt is null")
    Optional<Experiment> findLive(UUID id);

    /**
     * One page of a user's live experiments, newest first, after the cursor position (created_at, id). Filters
     * are optional (null = any).
     */
    @Query(value = """
            SELECT * FROM experiment e
            WHERE e.owner_id = :owner AND e.deleted_at IS NULL
              AND (CAST(:kind AS varchar) IS NULL OR e.kind = :kind)
              AND (CAST(:status AS varchar) IS NULL OR e.last_run_status = :status)
              AND (CAST(:tag AS varchar) IS NULL OR :tag = ANY (e.tags))
              AND (CAST(:name AS varchar) IS NULL OR e.name ILIKE '%' || :name || '%')
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (e.created_at, e.id) < (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY e.created_at DESC, e.id DESC
            LIMIT :limit
            """, nativeQuery = true)
    List<Experiment> page(@Param("owner") UUID owner, @Param("kind") String kind, @Param("status") String status,
            @Param("tag") String tag, @Param("name") String name, @Param("afterCreated") Instant afterCreated,
            @Param("afterId") UUID afterId, @Param("limit") int limit);

    /**
     * Sets the experiment's status to that of its newest run, in SQL: runs of one experiment change status
     * concurrently, and an entity update would make them conflict on the experiment's version.
     */
    @Modifying
    @Query(value = """
            UPDATE experiment SET last_run_status =
                (SELECT r.status FROM run r WHERE r.experiment_id = :id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
            WHERE id = :id
            """, nativeQuery = true)
    void refreshLastRunStatus(@Param("id") UUID id);
}
