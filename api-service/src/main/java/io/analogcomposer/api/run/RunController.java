package io.analogcomposer.api.run;

import io.analogcomposer.api.estimate.CostEstimates;
import io.analogcomposer.api.live.RunStreams;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.spec.json.SpecJson;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs: submit, follow, read results, cancel. Only the result and the artifact downloads read a run's documents or
 * result ({@link RunDocuments}); everything else answers from the run's small columns.
 */
@RestController
@RequestMapping("/api/v1")
class RunController {

    /** The optional body of a submission. */
    record SubmitRun(String backend) {}

    private static final List<String> ARTIFACTS = List.of("submitted.json", "resolved.json", "result.json");

    private final RunService service;
    private final RunStreams streams;
    private final RunWaiting waiting;
    private final CostEstimates estimates;

    RunController(RunService service, RunStreams streams, RunWaiting waiting, CostEstimates estimates) {
        this.service = service;
        this.streams = streams;
        this.waiting = waiting;
        this.estimates = estimates;
    }

    private Map<String, Object> view(Run run) {
        return RunViews.run(run, waiting.detail(run));
    }

    @PostMapping("/experiments/{experimentId}/runs")
    ResponseEntity<Map<String, Object>> submit(@AuthenticationPrincipal AccountPrincipal me,
            @PathVariable UUID experimentId, @RequestBody(required = false) SubmitRun body) {
        service.checkSubmissionRate(me);
        Run run = service.submit(me, experimentId, body == null ? null : body.backend());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/runs/" + run.id()))
                .body(view(run));
    }

    @GetMapping("/experiments/{experimentId}/runs")
    Map<String, Object> listForExperiment(@AuthenticationPrincipal AccountPrincipal me,
            @PathVariable UUID experimentId, @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return page(service.list(me.id(), experimentId, status, cursor, limit));
    }

    @GetMapping("/runs")
    Map<String, Object> list(@AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return page(service.list(me.id(), null, status, cursor, limit));
    }

    @GetMapping("/runs/{id}")
    Map<String, Object> get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        return view(service.get(reader(me), id));
    }

    @PostMapping("/runs/{id}/cancel")
    ResponseEntity<Map<String, Object>> cancel(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        Run run = service.cancel(me, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(run));
    }

    /** Metrics as series: per epoch for training, per inference time for inference. */
    @GetMapping("/runs/{id}/metrics")
    Map<String, Object> metrics(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", id);
        body.put("steps", service.metrics(reader(me), id));
        return body;
    }

    @GetMapping("/runs/{id}/result")
    ResponseEntity<Object> result(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        Run run = service.get(reader(me), id);
        String stored = service.document(reader(me), id, RunDocuments.Part.RESULT)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "No result",
                        "Run " + id + " has no result (status " + run.status().wireName() + ")", List.of()));
        JsonNode result = RunViews.json(stored);
        // the chip cost of one inference of the network this run ran, beside its accuracy (computed on reading,
        // so results stored before the cost model have it too)
        if (result instanceof ObjectNode object) {
            estimates.ofResolved(service.document(reader(me), id, RunDocuments.Part.RESOLVED).orElse(null))
                    .ifPresent(estimate -> {
                        ObjectNode summary = object.has("summary") && object.get("summary") instanceof ObjectNode o
                                ? o
                                : object.putObject("summary");
                        CostEstimates.summary(estimate).forEach(summary::put);
                        object.set("cost_estimate", SpecJson.tree(estimate));
                    });
        }
        return ResponseEntity.ok(result);
    }

    @GetMapping("/runs/{id}/artifacts")
    Map<String, Object> artifacts(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        java.util.Set<RunDocuments.Part> present = service.documentsPresent(reader(me), id);
        List<Map<String, Object>> listed = new java.util.ArrayList<>();
        for (String name : ARTIFACTS) {
            if (present.contains(part(name))) {
                listed.add(Map.of("name", name, "media_type", "application/json", "href",
                        "/api/v1/runs/" + id + "/artifacts/" + name));
            }
        }
        for (RunService.StoredArtifact stored : service.storedArtifacts(reader(me), id)) {
            listed.add(Map.of("name", stored.name(), "media_type", stored.mediaType(), "size_bytes",
                    stored.sizeBytes(), "sha256", stored.sha256(), "href",
                    "/api/v1/runs/" + id + "/artifacts/" + stored.name()));
        }
        return Map.of("run_id", id, "artifacts", listed);
    }

    @GetMapping("/runs/{id}/artifacts/{name}")
    ResponseEntity<byte[]> artifact(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id,
            @PathVariable String name) {
        String document = ARTIFACTS.contains(name)
                ? service.document(reader(me), id, part(name)).orElse(null)
                : null;
        if (document != null) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                    .body(document.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        RunService.StoredArtifact stored = service.storedArtifact(reader(me), id, name)
                .orElseThrow(() -> ApiProblem.notFound("Artifact", name + " of run " + id
                        + " (see /api/v1/runs/" + id + "/artifacts for what exists)"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(stored.mediaType()))
                .header("Content-Disposition", "attachment; filename=\"" + stored.name() + "\"")
                .header("Digest", "sha-256=" + stored.sha256()).body(stored.content());
    }

    @GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        Run run = service.get(reader(me), id);
        return streams.follow(run.id(), RunViews.statusEvent(run, waiting.detail(run)), run.status().terminal(),
                () -> {
                    Run now = service.get(reader(me), id);
                    return RunViews.statusEvent(now, waiting.detail(now));
                });
    }

    /** Whose runs this user may read: their own, or everyone's for administrators. */
    private static UUID reader(AccountPrincipal me) {
        return me.admin() ? null : me.id();
    }

    /** The run's part an artifact of {@link #ARTIFACTS} is. */
    private static RunDocuments.Part part(String artifact) {
        return switch (artifact) {
            case "submitted.json" -> RunDocuments.Part.SUBMITTED;
            case "resolved.json" -> RunDocuments.Part.RESOLVED;
            case "result.json" -> RunDocuments.Part.RESULT;
            default -> throw new IllegalArgumentException(artifact);
        };
    }

    private Map<String, Object> page(RunService.Page page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(this::view).toList());
        body.put("next_cursor", page.nextCursor());
        return body;
    }
}
