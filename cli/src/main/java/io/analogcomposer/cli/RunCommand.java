package io.analogcomposer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "run", description = "Submits a run of an experiment; prints the run id (with --watch: follows it "
        + "and prints its metrics).", footer = {"", "Examples:", "  aimc run 5f1c... --watch",
                "  aimc run 5f1c... --backend gpu", "",
                "With --watch the exit code is 0 when the run completed, 1 when it failed or was cancelled."})
final class RunCommand extends BaseCommand {

    /** The backends a run may ask for. */
    enum BackendChoice {
        auto, cpu, gpu, hardware
    }

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
    String experiment;

    @Option(names = "--backend", description = "auto, cpu, gpu or hardware (default: the document's).")
    BackendChoice backend;

    @Option(names = "--watch", description = "Follow the run to its end with live progress.")
    boolean watch;

    @Override
    public Integer call() {
        ApiClient api = root().api();
        JsonNode run = api.post("/api/v1/experiments/" + ApiClient.segment(experiment) + "/runs",
                ApiClient.map("backend", backend == null ? null : backend.name()));
        String id = s(run, "id");
        if (!watch) {
            if (json()) {
                printJson(run);
            } else {
                out().println(id);
                out().flush();
                info("Submitted run " + id + " (" + s(run, "status") + "); follow it with 'aimc watch " + id + "'");
            }
            return ExitCodes.OK;
        }
        info("Submitted run " + id);
        return WatchCommand.watchAndReport(this, api, id);
    }
}
