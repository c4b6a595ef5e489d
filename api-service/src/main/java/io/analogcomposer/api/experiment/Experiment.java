package io.analogcomposer.api.experiment;

import io.analogcomposer.api.run.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's experiment: a named, tagged experiment document from which runs are made. */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    private UUID id;

    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String kind;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> tags;

    @Column(nullable = false)
    private String notes;

    @Column(name = "template_id")
    private String templateId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String document;

    /** Kept by {@link ExperimentRepository#refreshLastRunStatus}, never written through the entity. */
    @Column(name = "last_run_status", insertable = false, updatable = false)
    private RunStatus lastRunStatus;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected Experiment() {
    }

    public Experiment(UUID ownerId, String name, String kind, List<String> tags, String notes, String templateId,
            String document) {
        this.id = UUID.randomUUID();
        this.ownerId = ownerId;
        this.name = name;
        this.kind = kind;
        this.tags = List.copyOf(tags);
        this.notes = notes;
        this.templateId = templateId;
        this.document = document;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public List<String> tags() {
        return List.copyOf(tags);
    }

    public String notes() {
        return notes;
    }

    public String templateId() {
        return templateId;
    }

    public String document() {
        return document;
    }

    public RunStatus lastRunStatus() {
        return lastRunStatus;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    void rename(String name) {
        this.name = name;
        touch();
    }

    void retag(List<String> tags) {
        this.tags = List.copyOf(tags);
        touch();
    }

    void annotate(String notes) {
        this.notes = notes;
        touch();
    }

    void replaceDocument(String kind, String document) {
        this.kind = kind;
        this.document = document;
        touch();
    }

    void delete() {
        this.deletedAt = Instant.now();
        touch();
    }

    private void touch() {
        this.updatedAt = Instant.now();
    }
}
