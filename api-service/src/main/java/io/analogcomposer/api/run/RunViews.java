package io.analogcomposer.api.run;

import io.analogcomposer.spec.json.SpecJson;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of runs in the API and in live events. */
final class RunViews {

    private RunViews() {
    }

    static Map<String, Object> run(Run run) {
        Map<String, Object> view = statusEvent(run);
        view.put("experiment_id", run.experimentId());
        view.put("requested_backend", run.requestedBackend());
        view.put("created_at", run.createdAt());
        view.put("validated_at", run.validatedAt());
        view.put("started_at", run.startedAt());
        view.put("finished_at", run.finishedAt());
        view.put("last_seen_at", run.lastSeenAt());
        view.put("worker", run.worker());
        view.put("cancel_requested", run.cancelRequested());
        view.put("errors", json(run.errors()));
        view.put("warnings", json(run.warnings()));
        return view;
    }

    static Map<String, Object> statusEvent(Run run) {
        return statusEvent(RunStatusView.of(run));
    }

    static Map<String, Object> statusEvent(RunStatusView run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("status", run.status().wireName());
        view.put("backend", run.backend());
        view.put("attempt", run.attempt());
        view.put("failure_reason", run.failureReason());
        view.put("failure_code", run.failureCode());
        return view;
    }

    static JsonNode json(String stored) {
        return stored == null ? null : SpecJson.mapper().readTree(stored);
    }
}
