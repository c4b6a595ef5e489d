package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AimcTest {

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Aimc.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsItsVersion() {
        Result r = run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("aimc ").contains("Java 25");
    }

    @Test
    void unknownOptionIsAUsageErrorThatNamesIt() {
        Result r = run("--frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate");
    }

    @Test
    void everyCommandHasHelpAndACompletionScriptCoversThem() {
        for (String command : new String[]{"login", "logout", "whoami", "templates", "presets", "schema", "validate",
                "experiments", "run", "runs", "watch", "results", "download", "sweep", "simulate",
                "response-curve"}) {
            Result help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: aimc " + command);
        }
        Result completion = run("generate-completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("sweep").contains("simulate");
    }

    @Test
    void aMissingArgumentIsAUsageErrorNamingIt() {
        Result r = run("watch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("RUN");
    }
}
