package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a run until it ends: the server's event stream (status and metric events) drives a progress line on
 * stderr; when the stream breaks off (proxy timeout, server restart) it falls back to polling the run, so a
 * watch never ends before the run does.
 */
final class RunWatcher {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    /** How often the fallback polls. */
    private static final long POLL_MILLIS = 1000;

    private final ApiClient api;
    private final PrintWriter err;
    private final boolean terminal;
    private String lastStatus;
    private boolean barOpen;

    RunWatcher(ApiClient api, PrintWriter err, boolean terminal) {
        this.api = api;
        this.err = err;
        this.terminal = terminal;
    }

    /** Blocks until the run is completed, failed or cancelled; returns the final run. */
    JsonNode follow(String runId, String label) {
        String path = "/api/v1/runs/" + ApiClient.segment(runId);
        try {
            api.events(path + "/events", (event, data) -> onEvent(label, event, data));
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.SERVER || e.getMessage().contains("refused the credentials")) {
                throw e;
            }
            progress(label + ": live stream unavailable (" + e.getMessage() + "); polling");
        }
        while (true) {
            JsonNode run = api.get(path);
            String status = ApiClient.text(run, "status");
            if (TERMINAL.contains(status)) {
                status(label, status, ApiClient.text(run, "failure_reason"));
                closeBar();
                return run;
            }
            status(label, status, ApiClient.text(run, "status_detail"));
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.server("interrupted while watching run " + runId);
            }
        }
    }

    private void onEvent(String label, String event, String data) {
        JsonNode d = SpecJson.mapper().readTree(data);
        if (event.equals("status")) {
            String reason = ApiClient.text(d, "failure_reason");
            status(label, ApiClient.text(d, "status"), reason == null ? ApiClient.text(d, "status_detail") : reason);
        } else if (event.equals("metric")) {
            int step = d.path("step").asInt() + 1;
            int total = Math.max(1, d.path("total_steps").asInt(1));
            StringBuilder line = new StringBuilder();
            line.append(label).append(' ').append(bar(step, total)).append(' ');
            line.append(s(d, "kind").equals("inference_time")
                    ? "t=" + BaseCommand.fmt(d.path("t_inference").asDouble()) + "s"
                    : "epoch " + step + "/" + total);
            d.path("metrics").properties().forEach(m -> line.append("  ").append(m.getKey()).append('=')
                    .append(BaseCommand.num(m.getValue())));
            progress(line.toString());
        }
    }

    /** Prints a status line when the status or what is said about it changes (e.g. "no worker for gpu …"). */
    private void status(String label, String status, String reason) {
        String line = status + (reason == null ? "" : " — " + reason);
        if (status == null || line.equals(lastStatus)) {
            return;
        }
        lastStatus = line;
        closeBar();
        err.println(label + ": " + line);
        err.flush();
    }

    /** On a terminal the bar redraws in place; in a log (CI, a pipe) each step is its own line. */
    private void progress(String line) {
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            barOpen = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void closeBar() {
        if (barOpen) {
            err.println();
            err.flush();
            barOpen = false;
        }
    }

    static String bar(int done, int total) {
        int width = 20;
        int filled = (int) Math.round(width * Math.min(1.0, (double) done / total));
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(100.0 * Math.min(done, total) / total));
    }

    /** The run's metric series as a table: one row per epoch or inference time, one column per metric. */
    static Tabular metricsTable(JsonNode metrics) {
        Set<String> names = new LinkedHashSet<>();
        metrics.path("steps").forEach(s -> s.path("metrics").properties().forEach(m -> names.add(m.getKey())));
        List<String> headers = new ArrayList<>(List.of("kind", "step", "t_inference"));
        headers.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode s : metrics.path("steps")) {
            List<String> r = new ArrayList<>(List.of(s(s, "kind"), s(s, "step"), BaseCommand.num(s.get(
                    "t_inference"))));
            for (String n : names) {
                r.add(BaseCommand.num(s.path("metrics").get(n)));
            }
            rows.add(r);
        }
        return new Tabular(headers, rows);
    }

    /** Headers and rows, printable as a table or CSV. */
    record Tabular(List<String> headers, List<List<String>> rows) {}

    private static String s(JsonNode n, String f) {
        String t = ApiClient.text(n, f);
        return t == null ? "" : t;
    }
}
