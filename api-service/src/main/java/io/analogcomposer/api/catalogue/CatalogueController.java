package io.analogcomposer.api.catalogue;

import io.analogcomposer.api.dataset.DatasetCatalogue;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.PresetInfo;
import io.analogcomposer.spec.catalogue.TemplateInfo;
import io.analogcomposer.spec.schema.ExperimentSchema;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import io.analogcomposer.api.dataset.UserDatasetService;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The experiment format and what the composer supports: schema, catalogue, templates, presets, validation. */
@RestController
@RequestMapping("/api/v1")
class CatalogueController {

    private final Catalogue catalogue;
    private final Validator validator;
    private final DatasetCatalogue datasets;
    private final UserDatasetService userDatasets;

    CatalogueController(Catalogue catalogue, Validator validator, DatasetCatalogue datasets,
            UserDatasetService userDatasets) {
        this.userDatasets = userDatasets;
        this.catalogue = catalogue;
        this.validator = validator;
        this.datasets = datasets;
    }

    @GetMapping(path = "/schema", produces = "application/schema+json")
    ResponseEntity<String> schema() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json"))
                .body(ExperimentSchema.json());
    }

    @GetMapping("/catalogue")
    Object catalogue() {
        return catalogue.toJson();
    }

    @GetMapping("/templates")
    List<TemplateInfo> templates() {
        return catalogue.templates();
    }

    @GetMapping("/templates/{id}")
    TemplateInfo template(@PathVariable String id) {
        return catalogue.template(id).orElseThrow(() -> ApiProblem.notFound("Template", id));
    }

    @GetMapping("/presets")
    List<PresetInfo> presets() {
        return catalogue.presets();
    }

    @GetMapping("/presets/{name}")
    PresetInfo preset(@PathVariable String name) {
        return catalogue.preset(name).orElseThrow(() -> ApiProblem.notFound("Preset", name));
    }

    /**
     * Validates a document without storing it, for instant feedback while a user edits. The body is taken as
     * text so that even malformed JSON gets a precise answer instead of a parse error page.
     */
    @PostMapping(path = "/validate", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    Map<String, Object> validate(@AuthenticationPrincipal AccountPrincipal me, @RequestBody String document) {
        // the user's own uploaded datasets are known by their facts (shape, classes, sizes), as at submission
        ValidationResult result = validator.validate(document,
                me == null ? UploadedDatasets.NONE : userDatasets.facts(me.id()));
        // A valid document whose dataset this server lacks would be refused by the validator service: say so now,
        // in the same words, so the editor shows it before a run.
        Issue missing = result.valid() ? datasets.check().check(result.resolved()) : null;
        List<Issue> errors = missing == null ? result.errors() : List.of(missing);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", errors.isEmpty());
        body.put("errors", errors);
        body.put("warnings", result.warnings());
        body.put("backend", !errors.isEmpty() || result.backend() == null ? null : result.backend().wire());
        body.put("resolved", result.resolvedJson());
        return body;
    }
}
