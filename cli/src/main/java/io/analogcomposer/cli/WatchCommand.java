package io.analogcomposer.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "watch", description = "Follows a run live (progress on stderr) and prints its table of epoch or "
        + "inference-time metrics when it ends.", footer = {"",
                "Exit code 0 when the run completed, 1 when it failed or was cancelled."})
final class WatchCommand extends BaseCommand {

    @Parameters(paramLabel = "RUN", description = "Run id.")
    String run;

    @Override
    public Integer call() {
        return watchAndReport(this, root().api(), run);
    }

    static int watchAndReport(BaseCommand cmd, ApiClient api, String runId) {
        JsonNode last = new RunWatcher(api, cmd.err(), Terminal.interactive()).follow(runId, "run " + runId);
        JsonNode metrics = api.get("/api/v1/runs/" + ApiClient.segment(runId) + "/metrics");
        String status = s(last, "status");
        if (cmd.json()) {
            cmd.printJson(Map.of("run", last, "metrics", metrics.path("steps")));
        } else {
            RunWatcher.Tabular t = RunWatcher.metricsTable(metrics);
            cmd.table(t.headers(), t.rows());
        }
        if (!status.equals("completed")) {
            cmd.info("run " + runId + " " + status + (last.path("failure_reason").isString()
                    ? ": " + s(last, "failure_reason")
                    : ""));
            return ExitCodes.RUN_FAILED;
        }
        return ExitCodes.OK;
    }
}
