package io.analogcomposer.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "whoami", description = "Shows the account the token belongs to and the server it talks to.")
final class WhoamiCommand extends BaseCommand {

    @Override
    public Integer call() {
        ApiClient api = root().api();
        JsonNode me = api.get("/api/v1/auth/me");
        if (json()) {
            printJson(me);
        } else {
            out().println(s(me, "username") + " (" + s(me, "role") + ") at " + api.base());
            out().flush();
        }
        return ExitCodes.OK;
    }
}
