package io.analogcomposer.cli;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.PresetInfo;
import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

@Command(mixinStandardHelpOptions = true, name = "response-curve", description = "Offline: the pulse response of a device (N up then N down pulses, "
        + "mean and spread over many devices), from a preset or a device JSON file.", footer = {"", "Examples:",
                "  aimc response-curve --preset ReRamESPreset",
                "  aimc response-curve --device my-device.json --pulses 500 --output json"})
final class ResponseCurveCommand extends BaseCommand {

    static final class Source {
        @Option(names = "--preset", required = true, description = "A preset name (see 'aimc presets list').")
        String preset;

        @Option(names = "--device", required = true, description = "A JSON file with a device object, e.g. "
                + "{\"type\": \"soft_bounds\", \"dw_min\": 0.01}.")
        Path device;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--pulses", defaultValue = "100", description = "Up pulses, then as many down pulses.")
    int pulses;

    @Option(names = "--devices", defaultValue = "100", description = "Devices drawn for mean and spread.")
    int devices;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() {
        JsonNode device;
        String where;
        if (source.preset != null) {
            PresetInfo p = Catalogue.get().preset(source.preset).orElseThrow(() -> CliException.usage(
                    "no preset '" + source.preset + "'; allowed: " + String.join(", ",
                            Catalogue.get().presets().stream().map(PresetInfo::name).toList())));
            device = p.rpuConfig().get("device");
            where = p.name() + "/rpu_config/device";
        } else {
            try {
                device = SpecJson.mapper().readTree(Files.readString(source.device));
            } catch (IOException e) {
                throw CliException.usage("cannot read " + source.device + ": " + e.getMessage());
            } catch (JacksonException e) {
                throw CliException.usage(source.device + " is not valid JSON: " + e.getOriginalMessage());
            }
            where = source.device.getFileName().toString();
        }
        List<DeviceCurves.Curve> curves = DeviceCurves.of(device, where,
                new DeviceCurves.Settings(pulses, devices, seed));
        if (json()) {
            printJson(Map.of("response_curves", DeviceCurves.toJson(curves)));
        } else {
            out().print(DeviceCurves.toText(curves));
            out().flush();
        }
        return ExitCodes.OK;
    }
}
