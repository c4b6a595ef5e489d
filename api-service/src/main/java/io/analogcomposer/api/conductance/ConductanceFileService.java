package io.analogcomposer.api.conductance;

import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.TargetConductances;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/**
 * Users' uploaded target conductances: checked as Fusion CSV files with the same reader the hardware worker uses
 * (errors name the line and column), stored byte for byte, and packed into a hardware run's job when a document
 * names one in {@code inference.target_conductances}.
 */
@Service
public class ConductanceFileService {

    /** Where a document names its file, for errors about it. */
    public static final String POINTER = "/inference/target_conductances";

    private static final String COLUMNS = "id, owner_id, name, size_bytes, sha256, layers, total_values, created_at";

    private final JdbcClient jdbc;
    private final ConductanceFileSettings settings;

    ConductanceFileService(JdbcClient jdbc, ConductanceFileSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    public ConductanceFileSettings settings() {
        return settings;
    }

    /** Checks and stores an upload; 400 naming the line for a malformed file, 413 when too large. */
    @Transactional
    public ConductanceFile upload(UUID owner, String name, byte[] content) {
        if (content.length > settings.maxSize().toBytes()) {
            throw tooLarge(content.length);
        }
        String fileName = name == null || name.isBlank() ? "conductances.csv" : name.strip();
        if (fileName.length() > 200) {
            throw ApiProblem.badRequest("The file name has " + fileName.length() + " characters; at most 200.",
                    new FieldError("/name", "too long", "1..200 characters"));
        }
        if (content.length == 0) {
            throw ApiProblem.badRequest("The upload is empty: send the Fusion CSV as the request body.",
                    new FieldError("/body", "empty", "a Fusion CSV (AIHWKit fusion_export)"));
        }
        FusionCsv csv = parse(content);
        long count = jdbc.sql("SELECT count(*) FROM conductance_file WHERE owner_id = :owner").param("owner", owner)
                .query(Long.class).single();
        if (count >= settings.maxPerUser()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Too many conductance files", "You keep " + count
                    + " conductance files, the most allowed; delete some (DELETE /api/v1/conductance-files/{id}).",
                    List.of());
        }
        List<ConductanceFile.Layer> layers = csv.layers().stream().map(ConductanceFileService::layer).toList();
        ConductanceFile file = new ConductanceFile(UUID.randomUUID(), owner, fileName, content.length,
                RunArtifact.sha256(content), layers, csv.totalWeights(), Instant.now());
        jdbc.sql("INSERT INTO conductance_file (" + COLUMNS + ", content) VALUES (:id, :owner, :name, :size, :sha,"
                + " CAST(:layers AS jsonb), :total, :created, :content)").param("id", file.id()).param("owner", owner)
                .param("name", file.name()).param("size", file.sizeBytes()).param("sha", file.sha256())
                .param("layers", SpecJson.mapper().writeValueAsString(layers)).param("total", file.totalValues())
                .param("created", Timestamp.from(file.createdAt())).param("content", content).update();
        return file;
    }

    /** The file as the hardware worker will read it, or a 400 that names the line and what is allowed. */
    private static FusionCsv parse(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.badRequest("The upload is not UTF-8 text; a Fusion CSV is plain text.",
                    new FieldError("/body", "not text", "a Fusion CSV (AIHWKit fusion_export)"));
        }
        try {
            FusionCsv csv = FusionCsv.parse(text);
            csv.requireTargetsAtMost(FusionCsv.MAX_TARGET_US);
            return csv;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Not a valid Fusion CSV: " + e.getMessage() + ".", new FieldError("/body",
                    e.getMessage(), "6 header rows (id, class, num_weights, height, width, names) and one row of "
                            + "conductances per layer, each a number in 0.." + FusionCsv.MAX_TARGET_US + " µS"));
        }
    }

    private static ConductanceFile.Layer layer(FusionLayer l) {
        return new ConductanceFile.Layer(l.id(), l.className(), l.name(), l.height(), l.width(), l.weights());
    }

    @Transactional(readOnly = true)
    public List<ConductanceFile> list(UUID owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conductance_file WHERE owner_id = :owner"
                + " ORDER BY created_at DESC, id DESC").param("owner", owner).query(ConductanceFileService::row).list();
    }

    /** The user's file; 404 for others' files too, so ids of other users' files are not revealed. */
    @Transactional(readOnly = true)
    public ConductanceFile get(UUID owner, UUID id) {
        return find(owner, id).orElseThrow(() -> ApiProblem.notFound("Conductance file", id));
    }

    private Optional<ConductanceFile> find(UUID owner, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conductance_file WHERE id = :id AND owner_id = :owner")
                .param("id", id).param("owner", owner).query(ConductanceFileService::row).optional();
    }

    @Transactional(readOnly = true)
    public byte[] content(UUID owner, UUID id) {
        return jdbc.sql("SELECT content FROM conductance_file WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", owner).query(byte[].class).optional()
                .orElseThrow(() -> ApiProblem.notFound("Conductance file", id));
    }

    /** Deletes the file; runs that used it keep their own copy. */
    @Transactional
    public void delete(UUID owner, UUID id) {
        int deleted = jdbc.sql("DELETE FROM conductance_file WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", owner).update();
        if (deleted == 0) {
            throw ApiProblem.notFound("Conductance file", id);
        }
    }

    /**
     * The file a document names, packed for the run's job; a 400 naming {@code /inference/target_conductances}
     * when the id is not one of the user's files.
     */
    @Transactional(readOnly = true)
    public TargetConductances attachment(UUID owner, String fileId) {
        if (!TargetConductances.isFileId(fileId)) {
            throw ApiProblem.badRequest("inference.target_conductances must be the id of one of your conductance "
                    + "files.",
                    new FieldError(POINTER, "'" + fileId + "' is not a file id",
                            "the id returned by POST /api/v1/conductance-files"));
        }
        UUID id = UUID.fromString(fileId);
        ConductanceFile file = find(owner, id).orElseThrow(() -> ApiProblem.badRequest("inference.target_conductances "
                + "names no conductance file of yours.",
                new FieldError(POINTER, "no conductance file " + fileId,
                        "the id of one of your files (GET /api/v1/conductance-files)")));
        return TargetConductances.of(fileId, file.name(), content(owner, id));
    }

    private ApiProblem tooLarge(long size) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "File too large", "The file has " + size
                + " bytes; a conductance file may have at most " + settings.maxSize().toBytes() + " bytes.",
                List.of());
    }

    private static ConductanceFile row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        List<ConductanceFile.Layer> layers = SpecJson.mapper().readValue(rs.getString("layers"),
                new TypeReference<List<ConductanceFile.Layer>>() {
                });
        return new ConductanceFile(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getString("name"), rs.getLong("size_bytes"), rs.getString("sha256"), layers,
                rs.getLong("total_values"), rs.getTimestamp("created_at").toInstant());
    }
}
