package io.analogcomposer.cli;

import io.analogcomposer.engine.EngineInfo;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code aimc}: the Analog Composer command line. */
@Command(name = "aimc", mixinStandardHelpOptions = true, versionProvider = Aimc.Version.class, description = "Analog Composer command-line client: submit, watch and compare analog AI experiments.", footer = {
        "", "Examples:", "  aimc login --url http://localhost:8080",
        "  aimc experiments create --template 3fc-training --set training.epochs=2",
        "  aimc run EXPERIMENT_ID --watch", "  aimc simulate experiment.json --out result.json", "",
        "Exit codes: 0 ok, 1 a run failed or was cancelled, 2 usage or invalid input, 3 server or auth error.",
        "Settings: AIMC_URL and AIMC_TOKEN override the file written by 'aimc login'."}, subcommands = {
                LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, TemplatesCommand.class,
                PresetsCommand.class, SchemaCommand.class, ValidateCommand.class, ExperimentsCommand.class,
                RunCommand.class, RunsCommand.class, WatchCommand.class, ResultsCommand.class, DownloadCommand.class,
                ConductancesCommand.class, DatasetsCommand.class,
                SweepCommand.class, SimulateCommand.class, ResponseCurveCommand.class, EstimateCommand.class,
                AutoComplete.GenerateCompletion.class})
public class Aimc implements Runnable {

    /** How data is printed on stdout. */
    enum Output {
        text, json
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o",
            "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "text", description = "text (tables for people) or json (for scripts). Default: ${DEFAULT-VALUE}.")
    Output output = Output.text;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "Server URL for this command (else AIMC_URL, else the one stored by 'aimc login').")
    String url;

    /** The process environment; tests pass their own. */
    private final Map<String, String> env;

    public Aimc() {
        this(System.getenv());
    }

    Aimc(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The process's arguments, for a command that starts itself again ({@link HeapRelaunch}); null in tests. */
    private static volatile String[] launchArgs;

    static String[] launchArgs() {
        return launchArgs;
    }

    public static void main(String[] args) {
        launchArgs = args.clone();
        if (VectorRelaunch.needed(args)) {
            System.exit(VectorRelaunch.relaunch(args));
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Aimc(env));
        cli.addSubcommand(new NoisePreviewCommand()).addSubcommand(new MvmCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException ce) {
                commandLine.getErr().println("aimc: " + ce.getMessage());
                commandLine.getErr().flush();
                return ce.exitCode();
            }
            throw e;
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    Map<String, String> env() {
        return env;
    }

    /** The effective settings: --url, then the environment, then the config file. */
    CliConfig config() {
        CliConfig c = CliConfig.load(env);
        return url == null ? c : new CliConfig(CliConfig.stripSlash(url), c.token());
    }

    /** A client for commands that need an account; a clear error when there is no token yet. */
    ApiClient api() {
        CliConfig c = config();
        if (c.token() == null || c.token().isBlank()) {
            throw CliException.server("not logged in: run 'aimc login' (or set AIMC_TOKEN)");
        }
        return new ApiClient(c.url(), c.token());
    }

    /** The root command's state from any subcommand. */
    static Aimc of(CommandLine.Model.CommandSpec spec) {
        return (Aimc) spec.root().userObject();
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
