package io.analogcomposer.api.experiment;

import io.analogcomposer.api.experiment.ExperimentService.ExperimentPatch;
import io.analogcomposer.api.experiment.ExperimentService.NewExperiment;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.spec.json.SpecJson;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/experiments}: the signed-in user's experiments. */
@RestController
@RequestMapping("/api/v1/experiments")
class ExperimentController {

    private final ExperimentService service;

    ExperimentController(ExperimentService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody NewExperiment request) {
        Experiment created = service.create(me.id(), request);
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + created.id())).body(view(created));
    }

    @GetMapping
    Map<String, Object> list(@AuthenticationPrincipal AccountPrincipal me, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String status, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String name, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String dataset, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        ExperimentService.Page page = service.list(me.id(),
                new ExperimentListing.Filter(kind, status, tag, name, preset, dataset), sort, order, cursor, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(e -> summary(e)).toList());
        body.put("next_cursor", page.nextCursor());
        return body;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        return view(service.get(me.admin() ? null : me.id(), id));
    }

    @PatchMapping("/{id}")
    Map<String, Object> update(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id,
            @RequestBody ExperimentPatch patch) {
        return view(service.update(me.id(), id, patch));
    }

    @PostMapping("/{id}/clone")
    ResponseEntity<Map<String, Object>> cloneExperiment(@AuthenticationPrincipal AccountPrincipal me,
            @PathVariable UUID id) {
        Experiment copy = service.cloneOf(me.id(), id);
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + copy.id())).body(view(copy));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        service.delete(me.id(), id);
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> summary(Experiment e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("name", e.name());
        view.put("kind", e.kind());
        view.put("tags", e.tags());
        view.put("template_id", e.templateId());
        // what the home page filters by, read from the document
        JsonNode document = SpecJson.mapper().readTree(e.document());
        view.put("preset", document.path("preset").isString() ? document.path("preset").asString() : null);
        view.put("dataset", document.path("dataset").path("name").isString()
                ? document.path("dataset").path("name").asString()
                : null);
        view.put("last_run_status", e.lastRunStatus() == null ? null : e.lastRunStatus().wireName());
        view.put("created_at", e.createdAt());
        view.put("updated_at", e.updatedAt());
        return view;
    }

    static Map<String, Object> view(Experiment e) {
        Map<String, Object> view = summary(e);
        view.put("notes", e.notes());
        view.put("document", SpecJson.mapper().readTree(e.document()));
        return view;
    }

}
