package io.analogcomposer.cli;

import io.analogcomposer.spec.cost.CostEstimate;
import io.analogcomposer.spec.cost.CostEstimate.LayerCost;
import io.analogcomposer.spec.cost.CostEstimator;
import io.analogcomposer.spec.cost.ParameterSets;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "estimate", description = "Estimates what one inference of an "
        + "experiment's network costs on an analog chip: crossbar tiles, weights, MVMs, energy and latency per layer "
        + "and in total, from the document's cost_model (default: the HERMES-like 14 nm PCM chip). Computed "
        + "locally, with the same model as the server.", footer = {"", "Examples:", "  aimc estimate experiment.json",
                "  aimc estimate experiment.json --parameter-set aon_cim_pcm_14nm",
                "  aimc estimate experiment.json -o json | jq .totals", "",
                "Exit code 0 with an estimate, 2 when the document is not valid."})
final class EstimateCommand extends BaseCommand {

    @Parameters(paramLabel = "FILE", description = "The experiment document (JSON).")
    Path file;

    @Option(names = "--parameter-set", paramLabel = "NAME", description = "Use this shipped parameter set instead of "
            + "the document's (its own cost_model.parameters still apply): ${COMPLETION-CANDIDATES}.", completionCandidates = SetNames.class)
    String parameterSet;

    /** The names for help and shell completion. */
    static final class SetNames extends ArrayList<String> {
        SetNames() {
            super(ParameterSets.standard().names());
        }
    }

    @Override
    public Integer call() {
        if (parameterSet != null && ParameterSets.standard().set(parameterSet).isEmpty()) {
            throw CliException.usage("--parameter-set '" + parameterSet + "' is not a cost parameter set; known: "
                    + String.join(", ", ParameterSets.standard().names()));
        }
        String text = Documents.readText(file);
        ValidationResult validation = Validator.standard().validate(text);
        if (!validation.valid()) {
            JsonLines lines = JsonLines.of(text);
            for (var issue : validation.errors()) {
                JsonLines.Position p = lines.find(issue.pointer());
                err().println(file + ":" + p.line() + ":" + p.column() + ": error: "
                        + ApiClient.fieldError(SpecJson.tree(issue)));
            }
            err().flush();
            throw CliException.usage(file + " is not a valid experiment (" + validation.errors().size()
                    + " error(s))");
        }
        CostEstimate estimate = CostEstimator.standard().estimate(validation.resolved(), parameterSet);
        if (json()) {
            printJson(estimate);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (LayerCost l : estimate.layers()) {
            rows.add(row(Integer.toString(l.index()), l.type(), l.analog() ? l.tileRows() + "×" + l.tileCols() : "",
                    count(l.tiles()), count(l.weights()), count(l.mvms()), count(l.macs()), count(l.digitalOps()),
                    fmt3(l.energyPj() / 1e3), fmt3(l.latencyNs() / 1e3)));
        }
        CostEstimate.Totals t = estimate.totals();
        rows.add(row("", "total", "", count(t.tiles()), count(t.weights()), count(t.mvms()), count(t.macs()),
                count(t.digitalOps()), fmt3(t.energyPj() / 1e3), fmt3(t.latencyNs() / 1e3)));
        out().println("Per inference on " + estimate.title() + " [" + estimate.parameterSet() + "]:");
        table(List.of("#", "layer", "tile", "tiles", "weights", "MVMs", "MACs", "digital ops", "energy nJ",
                "latency µs"), rows);
        out().println("Chip tiles " + t.chipTiles() + (t.fits() ? " (fits)" : " (does not fit)") + "; "
                + fmt3(t.topsPerWatt()) + " TOPS/W effective; " + fmt3(t.inferencesPerSecond())
                + " inferences/s one after another.");
        for (String note : estimate.notes()) {
            out().println("Note: " + note);
        }
        out().println("Figures:");
        for (ParameterSets.Figure f : estimate.figures()) {
            out().println("  " + f.name() + " = " + fmt(f.value()) + " " + f.unit() + " (" + f.basis() + ", "
                    + f.source() + ")");
        }
        out().println("Sources:");
        for (ParameterSets.Reference r : estimate.references()) {
            out().println("  [" + r.id() + "] " + r.citation() + " " + r.url());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
