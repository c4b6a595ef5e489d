package io.analogcomposer.cli;

import io.analogcomposer.engine.EngineInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aimc}: the Analog Composer command line. Subcommands are added as they are built. */
@Command(name = "aimc", mixinStandardHelpOptions = true, versionProvider = Aimc.Version.class, description = "Analog Composer command-line client: submit, watch and compare analog AI experiments.")
public class Aimc implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Aimc()).addSubcommand(new NoisePreviewCommand()).addSubcommand(new MvmCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"aimc " + EngineInfo.current().version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
