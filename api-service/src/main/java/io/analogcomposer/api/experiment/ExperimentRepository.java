package io.analogcomposer.api.experiment;

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
     * Sets the experiment's status to that of its newest run, in SQL: runs of one experiment change status
     * concurrently, and an entity update would make them conflict on the experiment's version. The experiment's row
     * is locked by a statement of its own first: a single UPDATE would read the runs with the snapshot taken when it
     * began, before it waited for another run's transaction holding the row, and so write back a status that
     * transaction had just replaced (an older run's "Queued" over the newest run's "Failed"). The UPDATE that follows
     * the lock sees every committed change.
     */
    default void refreshLastRunStatus(UUID id) {
        lockForStatus(id);
        writeLastRunStatus(id);
    }

    /** The row lock an UPDATE takes (FOR NO KEY UPDATE: runs inserted meanwhile still take their key-share lock). */
    @Query(value = "SELECT CAST(id AS text) FROM experiment WHERE id = :id FOR NO KEY UPDATE", nativeQuery = true)
    List<String> lockForStatus(@Param("id") UUID id);

    @Modifying
    @Query(value = """
            UPDATE experiment SET last_run_status =
                (SELECT r.status FROM run r WHERE r.experiment_id = :id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
            WHERE id = :id
            """, nativeQuery = true)
    void writeLastRunStatus(@Param("id") UUID id);
}
