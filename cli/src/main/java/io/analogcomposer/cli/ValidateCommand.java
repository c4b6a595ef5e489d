package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "validate", description = "Validates an experiment document: on the server when logged in (what "
        + "a run would see), else locally with the same rules. Errors point at lines and fields of the file.", footer = {
                "", "Examples:", "  aimc validate experiment.json", "  aimc validate --offline experiment.json",
                "", "Exit code 0 when valid, 2 when not."})
final class ValidateCommand extends BaseCommand {

    @Parameters(paramLabel = "FILE", description = "The experiment document (JSON).")
    Path file;

    @Option(names = "--offline", description = "Validate locally only, without asking the server.")
    boolean offline;

    @Override
    public Integer call() {
        String text = Documents.readText(file);
        JsonNode result = null;
        String where = "local";
        CliConfig config = root().config();
        if (!offline && config.token() != null) {
            try {
                result = ApiClient.json(new ApiClient(config.url(), config.token()).send("POST", "/api/v1/validate",
                        text));
                where = config.url();
            } catch (CliException e) {
                if (!e.unreachable()) {
                    throw e;
                }
                info("aimc: " + e.getMessage() + "; validating locally instead");
            }
        }
        if (result == null) {
            result = local(text);
        }
        boolean valid = result.path("valid").asBoolean(false);
        JsonLines lines = JsonLines.of(text);
        if (json()) {
            // each issue gains the line and column of its field in the file
            for (String list : new String[]{"errors", "warnings"}) {
                for (JsonNode issue : result.path(list)) {
                    JsonLines.Position pos = lines.find(ApiClient.text(issue, "pointer"));
                    ((tools.jackson.databind.node.ObjectNode) issue).put("line", pos.line()).put("column",
                            pos.column());
                }
            }
            printJson(result);
        } else {
            for (JsonNode issue : result.path("errors")) {
                out().println(located(lines, issue, "error"));
            }
            for (JsonNode issue : result.path("warnings")) {
                out().println(located(lines, issue, "warning"));
            }
            out().flush();
            info(file + ": " + (valid
                    ? "valid (backend " + s(result, "backend") + ")"
                    : result.path("errors").size() + " error(s)") + " [validated by " + where + "]");
        }
        return valid ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private String located(JsonLines lines, JsonNode issue, String severity) {
        JsonLines.Position pos = lines.find(ApiClient.text(issue, "pointer"));
        return file + ":" + pos.line() + ":" + pos.column() + ": " + severity + ": " + ApiClient.fieldError(issue);
    }

    /** The same answer as the server's {@code /api/v1/validate}, computed here. */
    static JsonNode local(String text) {
        ValidationResult r = Validator.standard().validate(text);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", r.valid());
        body.put("errors", r.errors());
        body.put("warnings", r.warnings());
        body.put("backend", r.backend() == null ? null : r.backend().wire());
        body.put("resolved", r.resolvedJson());
        return SpecJson.tree(body);
    }
}
