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

@Command(mixinStandardHelpOptions = true, name = "download", description = "Saves a run's artifacts (submitted.json, resolved.json, result.json, "
        + "checkpoint.acck, programmed_conductances.csv, ...) into a directory; prints the paths written.", footer = {
                "", "Examples:",
                "  aimc download RUN                      (into ./RUN/)",
                "  aimc download RUN --artifact result.json --dir out"})
final class DownloadCommand extends BaseCommand {

    @Parameters(paramLabel = "RUN")
    String run;

    @Option(names = "--artifact", paramLabel = "NAME", description = "Only this artifact (repeatable; default all).")
    List<String> artifacts = new ArrayList<>();

    @Option(names = "--dir", description = "Target directory (default: ./RUN).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        ApiClient api = root().api();
        String base = "/api/v1/runs/" + ApiClient.segment(run) + "/artifacts";
        List<String> names = new ArrayList<>(artifacts);
        if (names.isEmpty()) {
            for (JsonNode a : api.get(base).path("artifacts")) {
                names.add(s(a, "name"));
            }
        }
        Path target = dir == null ? Path.of(run) : dir;
        Files.createDirectories(target);
        List<String> written = new ArrayList<>();
        for (String name : names) {
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw CliException.usage("--artifact '" + name + "' is not a file name");
            }
            Path file = target.resolve(name);
            // bytes as served: checkpoints are binary, CSV files must stay byte for byte
            Files.write(file, api.getBytes(base + "/" + ApiClient.segment(name)));
            written.add(file.toString());
        }
        if (json()) {
            printJson(written);
        } else {
            written.forEach(out()::println);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
