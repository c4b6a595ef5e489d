package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.network.Network;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates experiment documents: JSON syntax, the JSON Schema (types, ranges, enums, unknown fields with
 * hints), then the semantic rules (shapes through the network, loss versus output, rpu_config versus kind,
 * dataset, weights, backend capability, resource limits). Every error is reported, not only the first, each
 * with a JSON pointer, a sentence and the allowed values; warnings come separately. A valid document is also
 * resolved: defaults, presets and inferred sizes applied.
 *
 * <p>{@link #validate(String)} never throws, whatever it is given. Instances are thread-safe.
 */
public final class Validator {

    private static final System.Logger LOG = System.getLogger(Validator.class.getName());

    /** Deep nesting only comes from broken or hostile input; it would also make the checks recurse deeply. */
    private static final int MAX_NESTING = 64;

    private final Catalogue catalogue;
    private final Limits limits;
    private final SchemaCheck schema;
    private final Resolver resolver;
    private final SemanticRules rules;
    private final JsonMapper reader;

    /**
     * @param preferGpu whether {@code backend: auto} sends simulated runs to the GPU workers instead of the CPU
     *        ones
     */
    public Validator(Catalogue catalogue, Limits limits, boolean preferGpu) {
        this.catalogue = catalogue;
        this.limits = limits;
        this.schema = new SchemaCheck();
        this.resolver = new Resolver(catalogue);
        this.rules = new SemanticRules(catalogue, limits, preferGpu);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(200).maxStringLength(limits.maxDocumentBytes()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.reader = JsonMapper.builder(factory).build();
    }

    /** The catalogue shipped with the format, the default limits, CPU for {@code auto}. */
    public static Validator standard() {
        return new Validator(Catalogue.get(), Limits.DEFAULT, false);
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Limits limits() {
        return limits;
    }

    /** Validates JSON text. Malformed JSON is an error in the result, never an exception. */
    public ValidationResult validate(String json) {
        return validate(json, UploadedDatasets.NONE);
    }

    /**
     * Validates JSON text whose {@code dataset.name} may name an uploaded dataset: {@code uploads} says what such a
     * name stands for (its shape, classes and sizes), else it is refused. Never throws.
     */
    public ValidationResult validate(String json, UploadedDatasets uploads) {
        if (json == null || json.isBlank()) {
            return ValidationResult.invalid(List.of(new Issue("", "The document is empty.", "a JSON object", "empty")),
                    List.of());
        }
        if (json.length() > limits.maxDocumentBytes()
                || json.getBytes(StandardCharsets.UTF_8).length > limits.maxDocumentBytes()) {
            return ValidationResult.invalid(List.of(new Issue("", "The document is larger than "
                    + limits.maxDocumentBytes() + " bytes.", "at most " + limits.maxDocumentBytes() + " bytes",
                    "too_large")), List.of());
        }
        JsonNode tree;
        try {
            tree = reader.readTree(json);
        } catch (JacksonException e) {
            return ValidationResult.invalid(List.of(syntaxError(e)), List.of());
        } catch (RuntimeException | StackOverflowError e) {
            return internal(e);
        }
        return validate(tree, uploads);
    }

    /** Validates a parsed document. Never throws. */
    public ValidationResult validate(JsonNode document) {
        return validate(document, UploadedDatasets.NONE);
    }

    /** Validates a parsed document that may name an uploaded dataset ({@link #validate(String, UploadedDatasets)}). */
    public ValidationResult validate(JsonNode document, UploadedDatasets uploads) {
        try {
            return check(document, uploads == null ? UploadedDatasets.NONE : uploads);
        } catch (RuntimeException | StackOverflowError e) {
            return internal(e);
        }
    }

    private ValidationResult check(JsonNode document, UploadedDatasets uploads) {
        if (document == null || !document.isObject()) {
            return ValidationResult.invalid(List.of(new Issue("", "The document must be a JSON object, not "
                    + (document == null ? "nothing" : document.getNodeType().name().toLowerCase()) + ".",
                    "a JSON object", "wrong_type")), List.of());
        }
        Resolver.Findings findings = new Resolver.Findings();
        ObjectNode work = (ObjectNode) document.deepCopy();
        List<Issue> schemaIssues = new ArrayList<>();
        removeHugeNumbers(work, "", schemaIssues);
        for (Issue issue : schema.check(work)) {
            if (schemaIssues.stream().noneMatch(h -> h.pointer().equals(issue.pointer()))) {
                schemaIssues.add(issue);
            }
        }
        for (Issue issue : schemaIssues) {
            prune(work, issue);
        }
        resolver.resolve(work, findings);
        checkMergedConfigs(work, findings);
        ExperimentSpec spec;
        try {
            spec = SpecJson.read(work, ExperimentSpec.class);
        } catch (JacksonException e) {
            // Only reachable when pruning left something the records cannot hold; the schema errors say why.
            List<Issue> errors = new ArrayList<>(schemaIssues);
            if (errors.isEmpty()) {
                errors.add(new Issue("", "The document could not be read: " + e.getOriginalMessage(), null,
                        "unreadable"));
            }
            return ValidationResult.invalid(errors, findings.warnings);
        }
        Network network = spec.network() == null ? new Network(null, null) : spec.network();
        ShapeInference.Outcome shapes = new ShapeInference(findings).run(network,
                work.path("network").path("layers"));
        spec = SpecJson.read(work, ExperimentSpec.class);
        Backend backend = rules.check(spec, document, shapes, findings, uploads);

        List<Issue> errors = new ArrayList<>(schemaIssues);
        Set<String> seen = new LinkedHashSet<>();
        for (Issue issue : findings.errors) {
            boolean covered = schemaIssues.stream().anyMatch(s -> under(issue.pointer(), s.pointer()));
            if (!covered && seen.add(issue.pointer() + "|" + issue.message())) {
                errors.add(issue);
            }
        }
        errors.sort(BY_POINTER);
        List<Issue> warnings = new ArrayList<>(findings.warnings);
        warnings.sort(BY_POINTER);
        if (!errors.isEmpty()) {
            return ValidationResult.invalid(errors, warnings);
        }
        // Written back through the records so the resolved document has the records' field order.
        return new ValidationResult(List.of(), warnings, spec, SpecJson.tree(spec), backend);
    }

    /**
     * Checks the merged rpu_configs against the schema: what a partial configuration left to its preset must
     * be there now. A layer's problem that its experiment-wide configuration already has is reported once.
     */
    private void checkMergedConfigs(ObjectNode work, Resolver.Findings findings) {
        List<Issue> experiment = schema.checkResolvedRpuConfig(work.path("rpu_config"), "");
        Set<String> known = new LinkedHashSet<>();
        for (Issue issue : experiment) {
            known.add(issue.pointer() + "|" + issue.message());
            findings.errors.add(new Issue("/rpu_config" + issue.pointer(), issue.message(), issue.allowed(),
                    issue.code()));
        }
        // Layers mostly share a configuration; each distinct one is checked once.
        Map<JsonNode, List<Issue>> checked = new HashMap<>();
        checked.put(work.path("rpu_config"), experiment);
        JsonNode layers = work.path("network").path("layers");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode config = layers.get(i).path("rpu_config");
            if (!config.isObject()) {
                continue;
            }
            String prefix = "/network/layers/" + i + "/rpu_config";
            List<Issue> relative = checked.computeIfAbsent(config, c -> schema.checkResolvedRpuConfig(c, ""));
            for (Issue issue : relative) {
                if (!known.contains(issue.pointer() + "|" + issue.message())) {
                    findings.errors.add(new Issue(prefix + issue.pointer(), issue.message(), issue.allowed(),
                            issue.code()));
                }
            }
        }
    }

    /** Document order: pointers compared segment by segment, array indices as numbers. */
    private static final Comparator<Issue> BY_POINTER = (a, b) -> {
        String[] x = a.pointer().split("/", -1);
        String[] y = b.pointer().split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /**
     * Numbers beyond ±9.2e18 (or infinite) are outside every range of the format, and the schema library cannot
     * compare them with integral bounds, so they are reported and removed before the schema check.
     */
    private static void removeHugeNumbers(JsonNode node, String pointer, List<Issue> issues) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (huge(value)) {
                    issues.add(hugeNumber(at, value));
                    object.remove(name);
                } else {
                    removeHugeNumbers(value, at, issues);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (huge(value)) {
                    issues.add(hugeNumber(pointer + "/" + i, value));
                    array.set(i, array.nullNode());
                } else {
                    removeHugeNumbers(value, pointer + "/" + i, issues);
                }
            }
        }
    }

    private static boolean huge(JsonNode value) {
        if (!value.isNumber()) {
            return false;
        }
        if (value.isIntegralNumber()) {
            return !value.canConvertToLong();
        }
        double d = value.asDouble();
        return !Double.isFinite(d) || Math.abs(d) >= 9.2e18;
    }

    private static Issue hugeNumber(String pointer, JsonNode value) {
        return new Issue(pointer, "'" + (pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.')) + "' is "
                + value.toString() + ", far outside any allowed range.",
                "a number within the field's range (see the schema)", "out_of_range");
    }

    /** Removes what the schema rejected, so the semantic rules can still look at the rest. */
    private static void prune(ObjectNode root, Issue issue) {
        if (issue.code().equals("required") || issue.pointer().isEmpty()) {
            return;
        }
        String pointer = issue.pointer();
        while (true) {
            int slash = pointer.lastIndexOf('/');
            if (slash < 0) {
                return;
            }
            JsonNode parent = root.at(pointer.substring(0, slash));
            String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent instanceof ObjectNode object) {
                object.remove(name);
                return;
            }
            if (parent instanceof ArrayNode array && name.matches("\\d{1,9}")) {
                int index = Integer.parseInt(name);
                if (index < array.size() && array.get(index).isObject()) {
                    array.set(index, array.nullNode());
                    return;
                }
                // A bad item of a list of numbers: drop the whole list.
                pointer = pointer.substring(0, slash);
                continue;
            }
            return;
        }
    }

    private static boolean under(String pointer, String ancestor) {
        return pointer.equals(ancestor) || (!ancestor.isEmpty() && pointer.startsWith(ancestor + "/"));
    }

    private static Issue syntaxError(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String noise : new String[]{"\n", " (start marker at", " at [Source", "[Source:"}) {
            int cut = reason.indexOf(noise);
            if (cut > 0) {
                reason = reason.substring(0, cut);
            }
        }
        if (reason.length() > 300) {
            reason = reason.substring(0, 300) + "…";
        }
        return new Issue("", "The document is not valid JSON" + where + ": " + reason, "a JSON object", "syntax");
    }

    private static ValidationResult internal(Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "validation failed unexpectedly", e);
        return ValidationResult.invalid(List.of(new Issue("", "The validator failed on this document ("
                + e.getClass().getSimpleName() + "); please report it.", null, "internal")), List.of());
    }
}
