package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * What every subcommand shares: data goes to stdout (JSON with {@code --output json}, else tables), progress and
 * messages to stderr, so {@code aimc ... --output json | jq} always sees clean JSON.
 */
abstract class BaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Aimc root() {
        return Aimc.of(spec);
    }

    boolean json() {
        return root().output == Aimc.Output.json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(Object value) {
        out().println(value instanceof JsonNode n ? SpecJson.writePretty(n) : SpecJson.writePretty(value));
        out().flush();
    }

    void info(String message) {
        err().println(message);
        err().flush();
    }

    void table(List<String> headers, List<List<String>> rows) {
        out().print(Table.render(headers, rows));
        out().flush();
    }

    static String s(JsonNode node, String field) {
        String t = ApiClient.text(node, field);
        return t == null ? "" : t;
    }

    /** Numbers for tables: 4 significant digits, accuracies as they come (fractions). */
    static String num(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        if (n.isNumber()) {
            return fmt(n.asDouble());
        }
        return n.asString();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static List<String> row(String... cells) {
        return new ArrayList<>(List.of(cells));
    }
}
