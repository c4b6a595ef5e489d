package io.analogcomposer.cli;

import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "logout", description = "Forgets the stored token (the server URL is kept). The token itself stays "
        + "valid until you revoke it on the account page.")
final class LogoutCommand extends BaseCommand {

    @Override
    public Integer call() {
        var file = CliConfig.file(root().env());
        CliConfig stored = CliConfig.readFile(file);
        if (stored.token() == null) {
            info("Not logged in.");
            return ExitCodes.OK;
        }
        new CliConfig(stored.url(), null).save(file);
        info("Logged out: the token was removed from " + file);
        return ExitCodes.OK;
    }
}
