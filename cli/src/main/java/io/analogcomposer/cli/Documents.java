package io.analogcomposer.cli;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Experiment documents from files, and {@code --set path=value} edits of them. */
final class Documents {

    private Documents() {
    }

    static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The file as JSON; a syntax error names the file, line and column. */
    static JsonNode read(Path file) {
        return parse(readText(file), file.toString());
    }

    static JsonNode parse(String text, String name) {
        try {
            return SpecJson.mapper().readTree(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw CliException.usage(name + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** One {@code path=value} edit: a dotted path (array indices as numbers) and a JSON value or a plain string. */
    record Setting(String path, JsonNode value) {

        static Setting parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--set/--vary expects path=value (e.g. training.epochs=5), got '" + text
                        + "'");
            }
            return new Setting(text.substring(0, eq).strip(), value(text.substring(eq + 1)));
        }

        /** {@code 5} is a number, {@code true} a boolean, {@code [1,2]} an array; anything else a string. */
        static JsonNode value(String raw) {
            try {
                return SpecJson.mapper().readTree(raw);
            } catch (JacksonException e) {
                return SpecJson.mapper().getNodeFactory().stringNode(raw);
            }
        }

        /** The value as a table cell or file name part. */
        String label() {
            return value.isString() ? value.asString() : value.toString();
        }
    }

    /** A copy of the document with the settings applied in order; missing objects on the path are created. */
    static JsonNode apply(JsonNode document, List<Setting> settings) {
        JsonNode copy = document.deepCopy();
        for (Setting s : settings) {
            set(copy, s);
        }
        return copy;
    }

    private static void set(JsonNode root, Setting s) {
        String[] parts = s.path().split("\\.");
        JsonNode node = root;
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            boolean last = k == parts.length - 1;
            String at = String.join(".", java.util.Arrays.copyOf(parts, k + 1));
            if (node instanceof ObjectNode obj) {
                if (last) {
                    obj.set(part, s.value());
                } else {
                    JsonNode next = obj.get(part);
                    if (next == null || next.isNull()) {
                        next = obj.putObject(part);
                    }
                    node = next;
                }
            } else if (node instanceof ArrayNode arr) {
                int index;
                try {
                    index = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw CliException.usage(s.path() + ": '" + at + "' is a list; use an index (0.." + (arr.size()
                            - 1) + ")");
                }
                if (index < 0 || index >= arr.size()) {
                    throw CliException.usage(s.path() + ": index " + index + " is outside the list of " + arr.size()
                            + " at '" + at + "'");
                }
                if (last) {
                    arr.set(index, s.value());
                } else {
                    node = arr.get(index);
                }
            } else {
                throw CliException.usage(s.path() + ": '" + String.join(".", java.util.Arrays.copyOf(parts, k))
                        + "' is a value, not an object");
            }
        }
    }
}
