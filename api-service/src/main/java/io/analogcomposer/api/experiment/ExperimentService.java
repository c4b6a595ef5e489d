package io.analogcomposer.api.experiment;

import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import io.analogcomposer.api.web.Cursor;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.TemplateInfo;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.Limits;
import io.analogcomposer.spec.meta.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Creating, finding, changing and deleting a user's experiments. Other users' experiments do not exist here. */
@Service
public class ExperimentService {

    static final int MAX_TAGS = 20;
    static final int MAX_TAG_LENGTH = 40;
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_NOTES_LENGTH = 20_000;

    private final ExperimentRepository experiments;
    private final Catalogue catalogue;
    private final ExperimentListing listing;

    ExperimentService(ExperimentRepository experiments, Catalogue catalogue, ExperimentListing listing) {
        this.listing = listing;
        this.experiments = experiments;
        this.catalogue = catalogue;
    }

    /** What a client sends to create an experiment: a document, or a template's id to start from. */
    public record NewExperiment(String name, JsonNode document, String template, List<String> tags, String notes) {}

    /** The changeable descriptive fields; null leaves a field as it is. */
    public record ExperimentPatch(String name, List<String> tags, String notes, JsonNode document) {}

    public record Page(List<Experiment> items, String nextCursor) {}

    @Transactional
    public Experiment create(UUID owner, NewExperiment request) {
        if (request == null) {
            throw ApiProblem.badRequest("A request body is required");
        }
        JsonNode document = request.document();
        String templateId = request.template();
        String name = request.name();
        if (document != null && templateId != null) {
            throw ApiProblem.badRequest("Give either a document or a template, not both",
                    new FieldError("/template", "leave out when a document is given", null));
        }
        if (document == null && templateId == null) {
            throw ApiProblem.badRequest("An experiment needs a document or a template to start from",
                    new FieldError("/document", "required unless template is given", null));
        }
        if (templateId != null) {
            TemplateInfo template = catalogue.template(templateId).orElseThrow(() -> ApiProblem.badRequest(
                    "Unknown template", new FieldError("/template", "no template '" + templateId + "'",
                            String.join(", ", catalogue.templates().stream().map(TemplateInfo::id).toList()))));
            document = template.document().deepCopy();
            if (name == null || name.isBlank()) {
                name = template.title();
            }
        }
        if (name == null || name.isBlank()) {
            name = document.path("name").isString() ? document.path("name").asString() : "Untitled experiment";
        }
        String kind = kindOf(document);
        List<String> tags = checkTags(request.tags() == null ? List.of() : request.tags());
        String notes = checkNotes(request.notes() == null ? "" : request.notes());
        Experiment experiment = new Experiment(owner, checkName(name), kind, tags, notes, templateId,
                checkSize(SpecJson.write(document)));
        return experiments.save(experiment);
    }

    /** A live experiment of this owner ({@code null} owner: any, for administrators). */
    @Transactional(readOnly = true)
    public Experiment get(UUID owner, UUID id) {
        return experiments.findLive(id).filter(e -> owner == null || e.ownerId().equals(owner))
                .orElseThrow(() -> ApiProblem.notFound("Experiment", id));
    }

    /** A page of the owner's experiments, newest first (what the compat API and scripts page through). */
    @Transactional(readOnly = true)
    public Page list(UUID owner, String kind, String status, String tag, String name, String cursor, Integer limit) {
        return list(owner, new ExperimentListing.Filter(kind, status, tag, name, null, null), null, null, cursor,
                limit);
    }

    /** A page of the owner's experiments, filtered and sorted ({@code sort}: created, updated, name, status). */
    @Transactional(readOnly = true)
    public Page list(UUID owner, ExperimentListing.Filter filter, String sort, String order, String cursor,
            Integer limit) {
        return listing.page(owner, filter, sort, order, cursor, Cursor.limit(limit));
    }

    @Transactional
    public Experiment update(UUID owner, UUID id, ExperimentPatch patch) {
        Experiment experiment = get(owner, id);
        if (patch.name() != null) {
            experiment.rename(checkName(patch.name()));
        }
        if (patch.tags() != null) {
            experiment.retag(checkTags(patch.tags()));
        }
        if (patch.notes() != null) {
            experiment.annotate(checkNotes(patch.notes()));
        }
        if (patch.document() != null) {
            experiment.replaceDocument(kindOf(patch.document()), checkSize(SpecJson.write(patch.document())));
        }
        return experiment;
    }

    @Transactional
    public Experiment cloneOf(UUID owner, UUID id) {
        Experiment source = get(owner, id);
        String name = source.name().length() > MAX_NAME_LENGTH - 8
                ? source.name().substring(0, MAX_NAME_LENGTH - 8)
                : source.name();
        return experiments.save(new Experiment(owner, name + " (copy)", source.kind(), source.tags(),
                source.notes(), source.templateId(), source.document()));
    }

    @Transactional
    public void delete(UUID owner, UUID id) {
        get(owner, id).delete();
    }

    private static String kindOf(JsonNode document) {
        if (!(document instanceof ObjectNode)) {
            throw ApiProblem.badRequest("The experiment document must be a JSON object",
                    new FieldError("/document", "must be an object", null));
        }
        JsonNode kind = document.path("kind");
        List<String> allowed = WireEnum.wireNames(ExperimentKind.class);
        if (!kind.isString() || !allowed.contains(kind.asString())) {
            throw ApiProblem.badRequest("The document does not say what kind of experiment it is",
                    new FieldError("/document/kind",
                            kind.isMissingNode() ? "is required" : "'" + kind + "' is not an experiment kind",
                            String.join(", ", allowed)));
        }
        return kind.asString();
    }

    /** The validator refuses larger documents at run time; storing one that can never run helps nobody. */
    private static String checkSize(String documentJson) {
        int max = Limits.DEFAULT.maxDocumentBytes();
        int bytes = documentJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > max) {
            throw new ApiProblem(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE, "Document too large",
                    "The experiment document has " + bytes + " bytes; at most " + max + " are accepted.",
                    List.of(new FieldError("/document", "has " + bytes + " bytes", "at most " + max + " bytes")));
        }
        return documentJson;
    }

    private static String checkName(String name) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.badRequest("Invalid name", new FieldError("/name",
                    "must have 1 to " + MAX_NAME_LENGTH + " characters, has " + trimmed.length(), null));
        }
        return trimmed;
    }

    private static List<String> checkTags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ApiProblem.badRequest("Too many tags",
                    new FieldError("/tags", "at most " + MAX_TAGS + " tags, got " + tags.size(), null));
        }
        List<String> clean = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i) == null ? "" : tags.get(i).strip();
            if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
                throw ApiProblem.badRequest("Invalid tag", new FieldError("/tags/" + i,
                        "a tag has 1 to " + MAX_TAG_LENGTH + " characters", null));
            }
            if (!clean.contains(tag)) {
                clean.add(tag);
            }
        }
        return clean;
    }

    private static String checkNotes(String notes) {
        if (notes.length() > MAX_NOTES_LENGTH) {
            throw ApiProblem.badRequest("Notes too long", new FieldError("/notes",
                    "at most " + MAX_NOTES_LENGTH + " characters, has " + notes.length(), null));
        }
        return notes;
    }

}
