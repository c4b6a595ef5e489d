package io.analogcomposer.cli;

import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "schema", description = "Prints the JSON Schema of the experiment document (for editors).", footer = {
        "", "Example:", "  aimc schema > experiment.schema.json"})
final class SchemaCommand extends BaseCommand {

    @Override
    public Integer call() {
        printJson(ApiClient.json(root().api().send("GET", "/api/v1/schema", null)));
        return ExitCodes.OK;
    }
}
