package io.analogcomposer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "experiments", description = "Your experiments on the server.", subcommands = {
        ExperimentsCommand.Create.class, ExperimentsCommand.ListExperiments.class,
        ExperimentsCommand.Show.class, ExperimentsCommand.Delete.class})
final class ExperimentsCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(mixinStandardHelpOptions = true, name = "create", description = "Creates an experiment from a file or a template; prints its id.", footer = {
            "", "Examples:", "  aimc experiments create experiment.json --tag sweep1",
            "  aimc experiments create --template 3fc-training --set training.epochs=2 --set seed=7"})
    static final class Create extends BaseCommand {
        static final class Source {
            @Parameters(paramLabel = "FILE", description = "The experiment document (JSON).")
            Path file;

            @Option(names = "--template", paramLabel = "NAME", description = "Start from this template "
                    + "(see 'aimc templates list').")
            String template;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Change a field of the document, e.g. "
                + "training.epochs=5 or network.layers.1.out_features=64 (repeatable).")
        List<String> sets = new ArrayList<>();

        @Option(names = "--name", description = "Experiment name (default: the document's).")
        String name;

        @Option(names = "--tag", description = "A tag (repeatable).")
        List<String> tags = new ArrayList<>();

        @Option(names = "--notes")
        String notes;

        @Override
        public Integer call() {
            ApiClient api = root().api();
            JsonNode created = create(api, source.file, source.template,
                    sets.stream().map(Documents.Setting::parse).toList(), name, tags, notes);
            if (json()) {
                printJson(created);
            } else {
                out().println(s(created, "id"));
                out().flush();
                info("Created experiment '" + s(created, "name") + "' (" + s(created, "kind") + ")");
            }
            return ExitCodes.OK;
        }

        /** From a file, or a template fetched and edited here when there are settings to apply. */
        static JsonNode create(ApiClient api, Path file, String template, List<Documents.Setting> settings,
                String name, List<String> tags, String notes) {
            JsonNode document = null;
            if (file != null) {
                document = Documents.apply(Documents.read(file), settings);
            } else if (!settings.isEmpty()) {
                document = Documents.apply(api.get("/api/v1/templates/" + ApiClient.segment(template))
                        .get("document"), settings);
            }
            return api.post("/api/v1/experiments", ApiClient.map("name", name, "document", document, "template",
                    document == null ? template : null, "tags", tags.isEmpty() ? null : tags, "notes", notes));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists your experiments, newest first.")
    static final class ListExperiments extends BaseCommand {
        @Option(names = "--kind", description = "training, inference or hardware_inference")
        String kind;

        @Option(names = "--status", description = "Status of the last run, e.g. completed.")
        String status;

        @Option(names = "--tag")
        String tag;

        @Option(names = "--name", description = "Part of the name.")
        String name;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            ApiClient api = root().api();
            List<JsonNode> items = Paging.all(api, "/api/v1/experiments", ApiClient.map("kind", kind, "status",
                    status, "tag", tag, "name", name), limit);
            if (json()) {
                printJson(items);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : items) {
                List<String> t = new ArrayList<>();
                e.path("tags").forEach(x -> t.add(x.asString()));
                rows.add(row(s(e, "id"), s(e, "kind"), s(e, "last_run_status"), String.join(",", t), s(e, "name")));
            }
            table(List.of("ID", "KIND", "LAST RUN", "TAGS", "NAME"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Shows an experiment with its document.")
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "EXPERIMENT")
        String id;

        @Override
        public Integer call() {
            JsonNode e = root().api().get("/api/v1/experiments/" + ApiClient.segment(id));
            if (!json()) {
                info(s(e, "name") + " (" + s(e, "kind") + "), created " + s(e, "created_at"));
            }
            printJson(json() ? e : e.get("document"));
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Deletes an experiment.")
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "EXPERIMENT", arity = "1..*")
        List<String> ids;

        @Override
        public Integer call() {
            ApiClient api = root().api();
            for (String id : ids) {
                api.delete("/api/v1/experiments/" + ApiClient.segment(id));
                info("Deleted " + id);
            }
            return ExitCodes.OK;
        }
    }
}
