package io.analogcomposer.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "results", description = "Prints a finished run's result: per-epoch metrics for training, accuracy "
        + "over inference time for inference, then the summary.", footer = {"", "Examples:", "  aimc results RUN",
                "  aimc results RUN --format csv > run.csv"})
final class ResultsCommand extends BaseCommand {

    enum Format {
        table, json, csv
    }

    @Parameters(paramLabel = "RUN")
    String run;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default ${DEFAULT-VALUE}; "
            + "--output json implies json).")
    Format format;

    @Override
    public Integer call() {
        JsonNode result = root().api().get("/api/v1/runs/" + ApiClient.segment(run) + "/result");
        Format f = json() ? Format.json : format;
        if (f == Format.json) {
            printJson(result);
            return ExitCodes.OK;
        }
        RunWatcher.Tabular t = series(result);
        if (f == Format.csv) {
            out().print(csv(t));
        } else {
            out().print(Table.render(t.headers(), t.rows()));
            List<List<String>> summary = new ArrayList<>();
            result.path("summary").properties().forEach(e -> summary.add(row(e.getKey(), num(e.getValue()))));
            if (!summary.isEmpty()) {
                out().println();
                out().print(Table.render(List.of("SUMMARY", "VALUE"), summary));
            }
            out().println();
            out().println("simulator " + s(result, "simulator_version") + ", " + num(result.get("duration_seconds"))
                    + " s");
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** Epochs (training) or inference times (inference) as rows, every metric a column. */
    static RunWatcher.Tabular series(JsonNode result) {
        List<List<String>> rows = new ArrayList<>();
        if (result.path("inference").size() > 0) {
            List<String> headers = List.of("t_inference", "avg_accuracy", "std_accuracy", "avg_error", "avg_loss",
                    "std_loss");
            for (JsonNode p : result.path("inference")) {
                List<String> r = new ArrayList<>();
                headers.forEach(h -> r.add(num(p.get(h))));
                rows.add(r);
            }
            return new RunWatcher.Tabular(headers, rows);
        }
        Set<String> names = new LinkedHashSet<>();
        result.path("epochs").forEach(e -> e.path("metrics").properties().forEach(m -> names.add(m.getKey())));
        List<String> headers = new ArrayList<>(List.of("epoch"));
        headers.addAll(names);
        for (JsonNode e : result.path("epochs")) {
            List<String> r = new ArrayList<>(List.of(num(e.get("epoch"))));
            names.forEach(n -> r.add(num(e.path("metrics").get(n))));
            rows.add(r);
        }
        return new RunWatcher.Tabular(headers, rows);
    }

    static String csv(RunWatcher.Tabular t) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", t.headers().stream().map(ResultsCommand::csvCell).toList())).append('\n');
        for (List<String> r : t.rows()) {
            b.append(String.join(",", r.stream().map(ResultsCommand::csvCell).toList())).append('\n');
        }
        return b.toString();
    }

    private static String csvCell(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
