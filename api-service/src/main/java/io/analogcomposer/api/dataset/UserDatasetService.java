package io.analogcomposer.api.dataset;

import io.analogcomposer.api.dataset.upload.Formats;
import io.analogcomposer.api.dataset.upload.ImageSet;
import io.analogcomposer.api.dataset.upload.UploadError;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.UploadedDataset;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' own datasets: an upload (IDX files in a ZIP, a NumPy {@code .npz}, or a CSV of pixels) is read and checked
 * (shapes, label range, counts; errors point at the array, line or field), converted to the stored form (a ZIP of IDX
 * files) and kept in PostgreSQL within the user's quota.
 */
@Service
public class UserDatasetService {

    private static final String COLUMNS = "id, owner_id, name, source_format, channels, height, width, classes, "
            + "train_samples, test_samples, size_bytes, sha256, created_at";

    private final JdbcClient jdbc;
    private final DatasetSettings settings;

    UserDatasetService(JdbcClient jdbc, DatasetSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    public DatasetSettings.Uploads limits() {
        return settings.uploads();
    }

    /** Checks, converts and stores an upload; 400 naming where the upload is wrong, 413 over the quota. */
    @Transactional
    public UserDataset upload(UUID owner, String name, byte[] body, String shape, Double testFraction) {
        String datasetName = name == null || name.isBlank() ? "my dataset" : name.strip();
        if (datasetName.length() > 200) {
            throw ApiProblem.badRequest("The dataset name has " + datasetName.length() + " characters; at most 200.",
                    new FieldError("/name", "too long", "1..200 characters"));
        }
        if (body.length == 0) {
            throw ApiProblem.badRequest("The upload is empty: send the dataset file as the request body.",
                    new FieldError("/body", "empty", "a .npz, a ZIP of IDX files or a CSV of pixels"));
        }
        double fraction = testFraction == null ? 0.2 : testFraction;
        if (!(fraction > 0 && fraction < 1)) {
            throw ApiProblem.badRequest("test_fraction must be between 0 and 1 (exclusive), is " + fraction + ".",
                    new FieldError("/test_fraction", "out of range", "0 < test_fraction < 1"));
        }
        ImageSet set;
        try {
            set = Formats.read(body, shape, fraction);
        } catch (UploadError e) {
            throw ApiProblem.badRequest("The dataset cannot be used: " + e.getMessage() + ".",
                    new FieldError(e.pointer(), e.getMessage(), e.allowed()));
        }
        byte[] stored = Formats.stored(set);
        long used = jdbc.sql("SELECT coalesce(sum(size_bytes), 0) FROM user_dataset WHERE owner_id = :owner")
                .param("owner", owner).query(Long.class).single();
        long quota = settings.uploads().quotaPerUser().toBytes();
        if (used + stored.length > quota) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Dataset quota exceeded", "Your datasets take " + used
                    + " bytes; this one needs " + stored.length + " more, beyond your quota of " + quota
                    + " bytes. Delete some (DELETE /api/v1/datasets/user:{id}).", List.of());
        }
        UserDataset d = new UserDataset(UUID.randomUUID(), owner, datasetName, set.sourceFormat(), set.channels(),
                set.height(), set.width(), set.classes(), set.trainSamples(), set.testSamples(), stored.length,
                RunArtifact.sha256(stored), Instant.now());
        jdbc.sql("INSERT INTO user_dataset (" + COLUMNS + ", content) VALUES (:id, :owner, :name, :format, :c, :h,"
                + " :w, :classes, :train, :test, :size, :sha, :created, :content)").param("id", d.id())
                .param("owner", owner).param("name", d.name()).param("format", d.sourceFormat())
                .param("c", d.channels()).param("h", d.height()).param("w", d.width()).param("classes", d.classes())
                .param("train", d.trainSamples()).param("test", d.testSamples()).param("size", d.sizeBytes())
                .param("sha", d.sha256()).param("created", Timestamp.from(d.createdAt())).param("content", stored)
                .update();
        return d;
    }

    @Transactional(readOnly = true)
    public List<UserDataset> list(UUID owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_dataset WHERE owner_id = :owner"
                + " ORDER BY created_at DESC, id DESC").param("owner", owner).query(UserDatasetService::row).list();
    }

    /** The user's dataset named {@code user:<id>}, if it is one of theirs. */
    @Transactional(readOnly = true)
    public Optional<UserDataset> find(UUID owner, String reference) {
        UUID id = id(reference);
        return id == null
                ? Optional.empty()
                : jdbc.sql("SELECT " + COLUMNS + " FROM user_dataset WHERE id = :id AND owner_id = :owner")
                        .param("id", id).param("owner", owner).query(UserDatasetService::row).optional();
    }

    @Transactional(readOnly = true)
    public byte[] content(UUID owner, String reference) {
        UUID id = id(reference);
        return id == null
                ? null
                : jdbc.sql("SELECT content FROM user_dataset WHERE id = :id AND owner_id = :owner").param("id", id)
                        .param("owner", owner).query(byte[].class).optional().orElse(null);
    }

    /** What the user's uploaded datasets are, for validating their documents. */
    public UploadedDatasets facts(UUID owner) {
        return reference -> find(owner, reference).map(UserDataset::info);
    }

    /**
     * The dataset a document names in {@code dataset.name}, packed to travel with the run's job; a 400 naming
     * {@code /dataset/name} when it is not one of the user's (another user's, deleted, or no such id) or larger than a
     * job may carry.
     */
    @Transactional(readOnly = true)
    public UploadedDataset attachment(UUID owner, String reference) {
        UserDataset d = find(owner, reference).orElseThrow(() -> ApiProblem.badRequest("dataset.name names "
                + reference + ", which is not one of your uploaded datasets (it may have been deleted).",
                new FieldError(POINTER, "no uploaded dataset " + reference + " of yours",
                        "one of your datasets (GET /api/v1/datasets) or a built-in dataset")));
        long max = settings.uploads().maxInJob().toBytes();
        if (d.sizeBytes() > max) {
            throw ApiProblem.badRequest("The uploaded dataset " + reference + " (" + d.name() + ") is stored in "
                    + d.sizeBytes() + " bytes, more than the " + max + " a run may carry to its worker on this "
                    + "server (composer.datasets.uploads.max-in-job).",
                    new FieldError(POINTER, "dataset too large to run", "a stored dataset of at most " + max
                            + " bytes: upload fewer or smaller images"));
        }
        byte[] content = content(owner, reference);
        if (content == null) { // deleted between the two reads
            throw ApiProblem.badRequest("The uploaded dataset " + reference + " was just deleted.",
                    new FieldError(POINTER, "deleted", "one of your datasets (GET /api/v1/datasets)"));
        }
        return UploadedDataset.of(d.reference(), d.name(), d.inputShape(), d.classes(), d.trainSamples(),
                d.testSamples(), content);
    }

    /** Where a document names its dataset. */
    public static final String POINTER = "/dataset/name";

    /** Deletes the dataset; false when it is not one of the user's. */
    @Transactional
    public boolean delete(UUID owner, String reference) {
        UUID id = id(reference);
        return id != null && jdbc.sql("DELETE FROM user_dataset WHERE id = :id AND owner_id = :owner")
                .param("id", id).param("owner", owner).update() > 0;
    }

    /** The id in {@code user:<id>}, or null when the reference is not one. */
    static UUID id(String reference) {
        if (reference == null || !reference.startsWith(UserDataset.PREFIX)) {
            return null;
        }
        try {
            return UUID.fromString(reference.substring(UserDataset.PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UserDataset row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new UserDataset(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getString("name"), rs.getString("source_format"), rs.getInt("channels"), rs.getInt("height"),
                rs.getInt("width"), rs.getInt("classes"), rs.getInt("train_samples"), rs.getInt("test_samples"),
                rs.getLong("size_bytes"), rs.getString("sha256"), rs.getTimestamp("created_at").toInstant());
    }
}
