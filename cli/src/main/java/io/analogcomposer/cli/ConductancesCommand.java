package io.analogcomposer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * "Bring your own conductances" from the command line: Fusion CSV files of target conductances (AIHWKit's
 * {@code fusion_export}) uploaded for hardware_inference runs, which name one in
 * {@code inference.target_conductances}; a run's programmed file comes back with {@code aimc download}.
 */
@Command(mixinStandardHelpOptions = true, name = "conductances", description = "Your uploaded target conductance "
        + "files (Fusion CSV) for hardware runs.", subcommands = {ConductancesCommand.Upload.class,
                ConductancesCommand.ListFiles.class, ConductancesCommand.Download.class,
                ConductancesCommand.Delete.class}, footer = {"", "Examples:",
                        "  aimc conductances upload lenet5_fusion.csv        (prints the id to name in a document)",
                        "  aimc download RUN --artifact programmed_conductances.csv"})
final class ConductancesCommand extends BaseCommand {

    static final String PATH = "/api/v1/conductance-files";

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    private static String layers(JsonNode f) {
        List<String> parts = new ArrayList<>();
        for (JsonNode l : f.path("layers")) {
            parts.add(s(l, "name") + " " + s(l, "height") + "x" + s(l, "width"));
        }
        return String.join(", ", parts);
    }

    @Command(mixinStandardHelpOptions = true, name = "upload", description = "Uploads a Fusion CSV; prints its id "
            + "(or the line at fault).")
    static final class Upload extends BaseCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--name", description = "Name shown in lists (default: the file name).")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("no such file: " + file);
            }
            String shown = name != null ? name : file.getFileName().toString();
            JsonNode f = root().api().postBytes(PATH + ApiClient.query(java.util.Map.of("name", shown)),
                    Files.readAllBytes(file), "text/csv");
            if (json()) {
                printJson(f);
            } else {
                out().println(s(f, "id"));
                out().println("  " + s(f, "name") + ": " + s(f, "total_values") + " conductances in "
                        + f.path("layers").size() + " layers (" + layers(f) + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists your files, newest first.")
    static final class ListFiles extends BaseCommand {
        @Override
        public Integer call() {
            JsonNode items = root().api().get(PATH).path("items");
            if (json()) {
                printJson(items);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode f : items) {
                rows.add(row(s(f, "id"), s(f, "name"), s(f, "total_values"), layers(f), s(f, "created_at")));
            }
            table(List.of("ID", "NAME", "VALUES", "LAYERS", "UPLOADED"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "download", description = "Saves a file as uploaded.")
    static final class Download extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--out", description = "Target file (default: the file's name in the current directory).")
        Path target;

        @Override
        public Integer call() throws IOException {
            ApiClient api = root().api();
            String base = PATH + "/" + ApiClient.segment(id);
            Path out = target;
            if (out == null) {
                String name = s(api.get(base), "name");
                if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    name = id + ".csv";
                }
                out = Path.of(name);
            }
            Files.write(out, api.getBytes(base + "/content"));
            out().println(out);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Deletes a file (runs keep their copy).")
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            root().api().delete(PATH + "/" + ApiClient.segment(id));
            return ExitCodes.OK;
        }
    }
}
