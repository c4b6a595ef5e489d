package io.analogcomposer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "presets", description = "RPU configuration presets (AIHWKit's names).", subcommands = {
        PresetsCommand.ListPresets.class, PresetsCommand.Show.class})
final class PresetsCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists presets (name, family, kinds, description).")
    static final class ListPresets extends BaseCommand {
        @Override
        public Integer call() {
            JsonNode list = root().api().get("/api/v1/presets");
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode p : list) {
                List<String> kinds = new ArrayList<>();
                p.path("kinds").forEach(k -> kinds.add(k.asString()));
                rows.add(row(s(p, "name"), s(p, "family"), String.join(",", kinds), s(p, "description")));
            }
            table(List.of("NAME", "FAMILY", "KINDS", "DESCRIPTION"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Prints a preset's rpu_config and the pulse response curve of each of "
            + "its devices (computed locally with the engine).", footer = {"", "Example:",
                    "  aimc presets show ReRamSBPreset --pulses 200"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "PRESET", description = "Preset name, e.g. ReRamSBPreset.")
        String name;

        @Option(names = "--pulses", defaultValue = "100", description = "Up pulses, then as many down pulses.")
        int pulses;

        @Option(names = "--devices", defaultValue = "100", description = "Devices drawn for mean and spread.")
        int devices;

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Override
        public Integer call() {
            JsonNode p = root().api().get("/api/v1/presets/" + ApiClient.segment(name));
            List<DeviceCurves.Curve> curves = DeviceCurves.of(p.path("rpu_config").get("device"),
                    "/rpu_config/device", new DeviceCurves.Settings(pulses, devices, seed));
            if (json()) {
                printJson(Map.of("preset", p, "response_curves", DeviceCurves.toJson(curves)));
                return ExitCodes.OK;
            }
            out().println(s(p, "name") + " (" + s(p, "family") + "): " + s(p, "description"));
            printJson(p.get("rpu_config"));
            out().print(DeviceCurves.toText(curves));
            out().flush();
            return ExitCodes.OK;
        }
    }
}
