package io.analogcomposer.api.experiment;

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
