package io.analogcomposer.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "sweep", description = "Submits one run per combination of the --vary values (the cartesian "
        + "product), follows them all and prints one comparison table.", footer = {"", "Examples:",
                "  aimc sweep experiment.json --vary training.optimizer.lr=0.01,0.05,0.1",
                "  aimc sweep --template 3fc-training --vary seed=1,2 --vary training.batch_size=16,64", "",
                "Values are JSON (numbers, true/false, [..]) or plain strings; commas inside [..] or {..} belong to "
                        + "the value.",
                "Exit code 0 when every run completed, 1 when any failed or was cancelled."})
final class SweepCommand extends BaseCommand {

    /** Submitting more than this at once is almost certainly a typo in --vary, and would flood the queue. */
    static final int MAX_RUNS = 200;

    static final class Source {
        @Parameters(paramLabel = "FILE", description = "The base experiment document (JSON).")
        Path file;

        @Option(names = "--template", paramLabel = "NAME", description = "Start from this template instead.")
        String template;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--vary", required = true, paramLabel = "PATH=V1,V2,...", description = "A field and its values "
            + "(repeatable; every combination runs).")
    List<String> vary;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "A fixed change for every run (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--backend", description = "auto, cpu, gpu or hardware.")
    RunCommand.BackendChoice backend;

    @Option(names = "--no-watch", description = "Submit only; print the run ids.")
    boolean noWatch;

    /** One dimension of the sweep. */
    record Axis(String path, List<String> values) {
        static Axis parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw CliException.usage("--vary expects path=v1,v2,... (e.g. training.epochs=1,2), got '" + text
                        + "'");
            }
            return new Axis(text.substring(0, eq).strip(), splitTopLevel(text.substring(eq + 1)));
        }
    }

    /** One point of the product: the settings and the run submitted for it. */
    record Point(List<Documents.Setting> settings, String experiment, String run) {}

    @Override
    public Integer call() {
        List<Axis> axes = vary.stream().map(Axis::parse).toList();
        List<List<Documents.Setting>> product = product(axes);
        if (product.size() > MAX_RUNS) {
            throw CliException.usage("the sweep has " + product.size() + " combinations; at most " + MAX_RUNS
                    + " are submitted at once");
        }
        List<Documents.Setting> fixed = sets.stream().map(Documents.Setting::parse).toList();
        ApiClient api = root().api();
        String tag = "sweep-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        List<Point> points = new ArrayList<>();
        for (List<Documents.Setting> combo : product) {
            List<Documents.Setting> all = new ArrayList<>(fixed);
            all.addAll(combo);
            String label = String.join(", ", combo.stream().map(s -> s.path() + "=" + s.label()).toList());
            JsonNode exp = ExperimentsCommand.Create.create(api, source.file, source.template, all, null,
                    List.of(tag), "sweep " + tag + ": " + label);
            // the document's own name plus the point, so runs are told apart in the web UI too
            String name = s(exp, "name") + " [" + label + "]";
            api.patch("/api/v1/experiments/" + s(exp, "id"), ApiClient.map("name", name.length() > 200
                    ? name.substring(0, 200)
                    : name));
            JsonNode run = api.post("/api/v1/experiments/" + s(exp, "id") + "/runs",
                    ApiClient.map("backend", backend == null ? null : backend.name()));
            points.add(new Point(combo, s(exp, "id"), s(run, "id")));
            info("Submitted " + label + ": run " + s(run, "id"));
        }
        if (noWatch) {
            if (json()) {
                printJson(points.stream().map(p -> ApiClient.map("experiment_id", p.experiment(), "run_id", p.run(),
                        "values", values(p))).toList());
            } else {
                points.forEach(p -> out().println(p.run()));
                out().flush();
            }
            return ExitCodes.OK;
        }
        RunWatcher watcher = new RunWatcher(api, err(), false);
        List<JsonNode> finals = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            finals.add(watcher.follow(points.get(i).run(), "run " + (i + 1) + "/" + points.size()));
        }
        boolean allCompleted = true;
        List<Map<String, Object>> report = new ArrayList<>();
        Set<String> metricNames = new LinkedHashSet<>();
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            String status = s(finals.get(i), "status");
            allCompleted &= status.equals("completed");
            JsonNode result = status.equals("completed")
                    ? api.get("/api/v1/runs/" + points.get(i).run() + "/result")
                    : null;
            results.add(result);
            if (result != null) {
                result.path("summary").properties().forEach(e -> metricNames.add(e.getKey()));
                lastInference(result).forEach((k, v) -> metricNames.add(k));
            }
        }
        List<String> headers = new ArrayList<>(axes.stream().map(Axis::path).toList());
        headers.add("run");
        headers.add("status");
        headers.addAll(metricNames);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            List<String> r = new ArrayList<>(p.settings().stream().map(Documents.Setting::label).toList());
            r.add(p.run());
            r.add(s(finals.get(i), "status"));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("values", values(p));
            entry.put("experiment_id", p.experiment());
            entry.put("run_id", p.run());
            entry.put("status", s(finals.get(i), "status"));
            entry.put("failure_reason", ApiClient.text(finals.get(i), "failure_reason"));
            Map<String, Object> metrics = new LinkedHashMap<>();
            JsonNode result = results.get(i);
            for (String m : metricNames) {
                JsonNode v = result == null
                        ? null
                        : result.path("summary").has(m)
                                ? result.path("summary").get(m)
                                : lastInference(result).get(m);
                r.add(num(v));
                if (v != null) {
                    metrics.put(m, v);
                }
            }
            entry.put("metrics", metrics);
            rows.add(r);
            report.add(entry);
        }
        if (json()) {
            printJson(ApiClient.map("tag", tag, "runs", report));
        } else {
            table(headers, rows);
        }
        return allCompleted ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }

    private static Map<String, Object> values(Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        p.settings().forEach(s -> m.put(s.path(), s.value()));
        return m;
    }

    /** For inference results: accuracy at the last inference time, the number a sweep usually compares. */
    private static Map<String, JsonNode> lastInference(JsonNode result) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        JsonNode inf = result.path("inference");
        if (inf.size() > 0) {
            JsonNode last = inf.get(inf.size() - 1);
            m.put("final_avg_accuracy", last.get("avg_accuracy"));
            m.put("final_t_inference", last.get("t_inference"));
        }
        return m;
    }

    static List<List<Documents.Setting>> product(List<Axis> axes) {
        List<List<Documents.Setting>> out = new ArrayList<>();
        out.add(List.of());
        for (Axis axis : axes) {
            List<List<Documents.Setting>> next = new ArrayList<>();
            for (List<Documents.Setting> prefix : out) {
                for (String v : axis.values()) {
                    List<Documents.Setting> combo = new ArrayList<>(prefix);
                    combo.add(new Documents.Setting(axis.path(), Documents.Setting.value(v)));
                    next.add(combo);
                }
            }
            out = next;
        }
        return out;
    }

    /** Splits on commas outside brackets and quotes, so {@code [1,2],[3,4]} is two values. */
    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString().strip());
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw CliException.usage("--vary has an empty value in '" + s + "'");
        }
        return parts;
    }
}
