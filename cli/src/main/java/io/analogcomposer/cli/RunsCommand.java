package io.analogcomposer.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "runs", description = "Runs on the server.", subcommands = {
        RunsCommand.ListRuns.class,
        RunsCommand.Show.class, RunsCommand.Cancel.class})
final class RunsCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists your runs, newest first.")
    static final class ListRuns extends BaseCommand {
        @Option(names = "--status", description = "waiting, validating, validated, running, completed, failed, "
                + "cancelled")
        String status;

        @Option(names = "--experiment", description = "Only the runs of this experiment.")
        String experiment;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            ApiClient api = root().api();
            String path = experiment == null
                    ? "/api/v1/runs"
                    : "/api/v1/experiments/" + ApiClient.segment(experiment) + "/runs";
            List<JsonNode> items = Paging.all(api, path, ApiClient.map("status", status), limit);
            if (json()) {
                printJson(items);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode r : items) {
                // a queued run that does not move says why ("no worker for gpu is running; …")
                String note = s(r, "failure_reason").isEmpty() ? s(r, "status_detail") : s(r, "failure_reason");
                rows.add(row(s(r, "id"), s(r, "status"), s(r, "backend"), s(r, "experiment_id"), s(r, "created_at"),
                        note));
            }
            table(List.of("ID", "STATUS", "BACKEND", "EXPERIMENT", "CREATED", "NOTE"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Shows a run's state (and why it failed, when it did).")
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "RUN")
        String id;

        @Override
        public Integer call() {
            JsonNode r = root().api().get("/api/v1/runs/" + ApiClient.segment(id));
            if (json()) {
                printJson(r);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (String f : List.of("id", "experiment_id", "status", "status_detail", "backend", "routing", "attempt",
                    "worker", "created_at", "started_at", "finished_at", "failure_reason", "failure_code")) {
                if (!s(r, f).isEmpty()) {
                    rows.add(row(f, s(r, f)));
                }
            }
            table(List.of("FIELD", "VALUE"), rows);
            for (JsonNode e : r.path("errors")) {
                out().println("  error " + ApiClient.fieldError(e));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "cancel", description = "Asks the server to cancel runs (a running one stops at its next batch).")
    static final class Cancel extends BaseCommand {
        @Parameters(paramLabel = "RUN", arity = "1..*")
        List<String> ids;

        @Override
        public Integer call() {
            ApiClient api = root().api();
            List<JsonNode> answers = new ArrayList<>();
            for (String id : ids) {
                JsonNode r = api.post("/api/v1/runs/" + ApiClient.segment(id) + "/cancel", null);
                answers.add(r);
                if (!json()) {
                    info("Cancel requested for " + id + " (status " + s(r, "status") + ")");
                }
            }
            if (json()) {
                printJson(answers);
            }
            return ExitCodes.OK;
        }
    }
}
