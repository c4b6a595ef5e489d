package io.analogcomposer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * Datasets from the command line: the server's catalogue (built-in datasets with whether they are installed, and
 * your uploads), and uploading or deleting datasets of your own (a NumPy {@code .npz} with x_train, y_train, x_test,
 * y_test; a ZIP of the four MNIST-style IDX files; or a CSV of pixels with a {@code label} column).
 */
@Command(mixinStandardHelpOptions = true, name = "datasets", description = "The server's datasets and your own "
        + "uploads.", subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.Upload.class,
                DatasetsCommand.Delete.class}, footer = {"", "Examples:",
                        "  aimc datasets list", "  aimc datasets upload digits.npz --name digits",
                        "  aimc datasets upload pixels.csv --shape 1,28,28 --test-fraction 0.2",
                        "  aimc datasets delete user:3f2c…"})
final class DatasetsCommand extends BaseCommand {

    static final String PATH = "/api/v1/datasets";

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    private static String shape(JsonNode d) {
        JsonNode s = d.path("input_shape");
        if (!s.isArray()) {
            return "any";
        }
        List<String> dims = new ArrayList<>();
        s.forEach(n -> dims.add(n.asString()));
        return String.join("x", dims);
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists the datasets: available or not "
            + "(and why), shape, classes, sizes.")
    static final class ListDatasets extends BaseCommand {
        @Override
        public Integer call() {
            JsonNode items = root().api().get(PATH).path("items");
            if (json()) {
                printJson(items);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode d : items) {
                rows.add(row(s(d, "name"), s(d, "title"), d.path("available").asBoolean() ? "yes" : "NO", shape(d),
                        s(d, "classes"), s(d, "train_samples") + "/" + s(d, "test_samples"), s(d, "location")));
            }
            table(List.of("NAME", "TITLE", "AVAILABLE", "SHAPE", "CLASSES", "TRAIN/TEST", "WHERE"), rows);
            for (JsonNode d : items) {
                if (!d.path("available").asBoolean()) {
                    out().println(s(d, "name") + ": " + s(d, "reason"));
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "upload", description = "Uploads a dataset (.npz, ZIP of IDX "
            + "files, or CSV of pixels); prints its name to use in documents (or what is wrong, and where).")
    static final class Upload extends BaseCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--name", description = "Name shown in lists (default: the file name).")
        String name;

        @Option(names = "--shape", paramLabel = "C,H,W", description = "CSV only: the image shape, when the pixel "
                + "count is not a square.")
        String shape;

        @Option(names = "--test-fraction", paramLabel = "F", description = "CSV without a split column: the last "
                + "fraction of rows that is the test set (default 0.2).")
        Double testFraction;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("no such file: " + file);
            }
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("name", name != null ? name : file.getFileName().toString());
            if (shape != null) {
                query.put("shape", shape);
            }
            if (testFraction != null) {
                query.put("test_fraction", testFraction);
            }
            JsonNode d = root().api().postBytes(PATH + ApiClient.query(query), Files.readAllBytes(file),
                    "application/octet-stream");
            if (json()) {
                printJson(d);
            } else {
                out().println(s(d, "name"));
                out().println("  " + s(d, "title") + ": " + shape(d) + " images, " + s(d, "classes") + " classes, "
                        + s(d, "train_samples") + " training and " + s(d, "test_samples") + " test images");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Deletes one of your datasets.")
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "user:<id>, as listed")
        String name;

        @Override
        public Integer call() {
            root().api().delete(PATH + "/" + ApiClient.segment(name));
            return ExitCodes.OK;
        }
    }
}
