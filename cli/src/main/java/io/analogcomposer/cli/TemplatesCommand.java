package io.analogcomposer.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "templates", description = "The server's experiment templates.", subcommands = {
        TemplatesCommand.ListTemplates.class, TemplatesCommand.Show.class})
final class TemplatesCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists templates (id, kind, title).")
    static final class ListTemplates extends BaseCommand {
        @Override
        public Integer call() {
            JsonNode list = root().api().get("/api/v1/templates");
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode t : list) {
                rows.add(row(s(t, "id"), ApiClient.text(t.path("document"), "kind") == null
                        ? ""
                        : ApiClient.text(t.path("document"), "kind"), s(t, "title")));
            }
            table(List.of("ID", "KIND", "TITLE"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Prints a template's experiment document (a starting point for a file).", footer = {
            "", "Example:", "  aimc templates show 3fc-training > my-experiment.json"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "TEMPLATE", description = "Template id, e.g. 3fc-training.")
        String id;

        @Override
        public Integer call() {
            JsonNode t = root().api().get("/api/v1/templates/" + ApiClient.segment(id));
            if (json()) {
                printJson(t);
            } else {
                info(s(t, "title") + " (version " + s(t, "version") + "): " + s(t, "description"));
                printJson(t.get("document"));
            }
            return ExitCodes.OK;
        }
    }
}
