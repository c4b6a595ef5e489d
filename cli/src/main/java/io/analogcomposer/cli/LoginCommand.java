package io.analogcomposer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "login", description = "Checks an API token with the server and stores the URL and token in the "
        + "configuration file (readable by you only).", footer = {"",
                "Create a token on the account page of the web UI (or POST /api/v1/account/tokens).", "",
                "Examples:", "  aimc login --url http://composer:8080            (asks for the token)",
                "  echo \"$TOKEN\" | aimc login --url http://composer:8080 --token-stdin"})
final class LoginCommand extends BaseCommand {

    @Option(names = "--token", description = "The API token (aimc_...). Visible in the process list: prefer "
            + "--token-stdin or the prompt.")
    String token;

    @Option(names = "--token-stdin", description = "Read the token from standard input.")
    boolean tokenStdin;

    @Override
    public Integer call() throws IOException {
        CliConfig current = root().config();
        String secret = token;
        if (secret == null && tokenStdin) {
            secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (secret == null) {
            Console console = Terminal.interactive() ? System.console() : null;
            if (console == null) {
                throw CliException.usage("no token given: pass --token-stdin (or --token) when not on a terminal");
            }
            char[] typed = console.readPassword("API token for %s: ", current.url());
            secret = typed == null ? null : new String(typed);
        }
        if (secret == null || secret.isBlank()) {
            throw CliException.usage("the token is empty");
        }
        secret = secret.strip();
        JsonNode me = new ApiClient(current.url(), secret).get("/api/v1/auth/me");
        CliConfig saved = new CliConfig(current.url(), secret);
        saved.save(CliConfig.file(root().env()));
        if (json()) {
            printJson(ApiClient.map("url", saved.url(), "username", s(me, "username"), "role", s(me, "role"),
                    "config", CliConfig.file(root().env()).toString()));
        } else {
            info("Logged in to " + saved.url() + " as " + s(me, "username") + " (" + s(me, "role") + "); token "
                    + "stored in " + CliConfig.file(root().env()));
        }
        return ExitCodes.OK;
    }
}
