package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Throws thousands of random and mutated documents at the validator (seeded, so a failure reproduces): it must
 * never throw, never report an internal failure, and spend less than 100 ms of CPU on any one of them.
 */
class FuzzTest {

    static final long SEED = 20261123L;
    static final int MUTATED = 3000;
    static final int RANDOM = 800;
    static final int TEXT = 800;
    static final long LIMIT_NANOS = 100_000_000L;

    final Validator validator = Validator.standard();
    final SplittableRandom random = new SplittableRandom(SEED);
    final JsonNodeFactory nodes = JsonNodeFactory.instance;

    @Test
    void randomAndMutatedDocumentsNeverBreakTheValidator() throws Exception {
        List<String> seeds = seedDocuments();
        for (String doc : seeds) {
            validator.validate(doc); // warm up class loading and the JIT, not timed
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < MUTATED; i++) {
            ObjectNode doc = (ObjectNode) SpecJson.mapper().readTree(seeds.get(random.nextInt(seeds.size())));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                mutate(doc);
            }
            inputs.add(SpecJson.write(doc));
        }
        for (int i = 0; i < RANDOM; i++) {
            inputs.add(SpecJson.write(randomValue(0)));
        }
        for (int i = 0; i < TEXT; i++) {
            inputs.add(mutateText(seeds.get(random.nextInt(seeds.size()))));
        }
        inputs.add("[".repeat(5000) + "]".repeat(5000));
        inputs.add("{\"kind\": \"" + "x".repeat(2_000_000) + "\"}");
        inputs.add("{\"network\": {\"input_shape\": [65536, 65536, 65536], \"layers\": [{\"type\": \"flatten\"},"
                + " {\"type\": \"linear\", \"out_features\": 1048576}]}, \"kind\": \"training\","
                + " \"dataset\": {\"name\": \"synthetic\"}}");

        // The bound is on the CPU time the validator spends on this thread: on a shared, loaded machine the wall
        // clock also counts the time the thread waits for a core, which is not the validator's cost. Both are
        // reported.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long slowestCpu = 0;
        long slowestWall = 0;
        long totalWall = 0;
        String slowestInput = "";
        int valid = 0;
        for (String input : inputs) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            ValidationResult result = validator.validate(input);
            long wall = System.nanoTime() - wallStart;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            assertThat(cpu).as("CPU time for %s", abbreviate(input)).isLessThan(LIMIT_NANOS);
            if (cpu > slowestCpu) {
                slowestCpu = cpu;
                slowestInput = abbreviate(input).substring(0, Math.min(100, abbreviate(input).length()));
            }
            slowestWall = Math.max(slowestWall, wall);
            totalWall += wall;
            assertThat(result).isNotNull();
            assertThat(result.errors()).as(abbreviate(input)).noneMatch(e -> e.code().equals("internal"));
            assertThat(result.valid()).isEqualTo(result.resolved() != null);
            if (result.valid()) {
                valid++;
            }
        }
        System.out.printf(
                "fuzz: %d documents, %d valid, mean wall %.2f ms, slowest CPU %.1f ms (%s), slowest wall %.1f ms%n",
                inputs.size(), valid, totalWall / 1e6 / inputs.size(), slowestCpu / 1e6, slowestInput,
                slowestWall / 1e6);
        assertThat(inputs.size()).isGreaterThanOrEqualTo(4000);
    }

    private List<String> seedDocuments() throws IOException, URISyntaxException {
        List<String> docs = new ArrayList<>();
        for (Path file : CorpusTest.files("/corpus/valid").toList()) {
            docs.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        for (Path file : CorpusTest.files("/corpus/invalid").toList()) {
            JsonNode testCase = SpecJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (testCase.get("document") instanceof ObjectNode doc) {
                docs.add(SpecJson.write(doc));
            }
        }
        return docs;
    }

    /** One random change somewhere in the tree: delete, replace, rename, duplicate, or grow a value. */
    private void mutate(ObjectNode root) {
        List<Map.Entry<JsonNode, Object>> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return;
        }
        var slot = slots.get(random.nextInt(slots.size()));
        JsonNode parent = slot.getKey();
        Object key = slot.getValue();
        switch (random.nextInt(7)) {
            case 0 -> remove(parent, key);
            case 1 -> set(parent, key, randomValue(3));
            case 2 -> set(parent, key, boundaryNumber());
            case 3 -> {
                if (parent instanceof ObjectNode object && key instanceof String name) {
                    JsonNode value = object.remove(name);
                    object.set(typo(name), value);
                }
            }
            case 4 -> {
                if (parent instanceof ArrayNode array && key instanceof Integer index) {
                    array.insert(random.nextInt(array.size() + 1), array.get(index).deepCopy());
                }
            }
            case 5 -> set(parent, key, nodes.stringNode(randomWord()));
            default -> {
                if (parent instanceof ObjectNode object) {
                    object.set(randomWord(), randomValue(2));
                }
            }
        }
    }

    private void collect(JsonNode node, List<Map.Entry<JsonNode, Object>> slots) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                slots.add(Map.entry(object, name));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(Map.entry(array, i));
                collect(array.get(i), slots);
            }
        }
    }

    private static void remove(JsonNode parent, Object key) {
        if (parent instanceof ObjectNode object) {
            object.remove((String) key);
        } else {
            ((ArrayNode) parent).remove((int) (Integer) key);
        }
    }

    private static void set(JsonNode parent, Object key, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.set((String) key, value);
        } else {
            ((ArrayNode) parent).set((Integer) key, value);
        }
    }

    private JsonNode randomValue(int depth) {
        int pick = random.nextInt(depth > 4 ? 5 : 8);
        return switch (pick) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> boundaryNumber();
            case 3 -> nodes.numberNode(random.nextInt(-3, 3000));
            case 4 -> nodes.stringNode(randomWord());
            case 5, 6 -> {
                ObjectNode object = nodes.objectNode();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    object.set(random.nextBoolean() ? knownName() : randomWord(), randomValue(depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = nodes.arrayNode();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    array.add(randomValue(depth + 1));
                }
                yield array;
            }
        };
    }

    private JsonNode boundaryNumber() {
        double[] values = {0, -0.0, -1, 1, 0.5, 1e-300, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 2147483647,
                2147483648.0, -2147483649.0, 9.007199254740993e15, 1e19, 65536, 65537, 1048577, 3.5};
        return nodes.numberNode(values[random.nextInt(values.length)]);
    }

    private static final String[] NAMES = {"type", "kind", "layers", "input_shape", "rpu_config", "device",
            "unit_cell_devices", "noise_model", "out_features", "in_features", "kernel_size", "stride", "padding",
            "t_inference", "preset", "dataset", "name", "training", "inference", "forward", "mapping", "epochs",
            "analog_conv2d", "analog_linear", "transfer", "mixed_precision", "pcm_like", "flatten", "log_softmax",
            "fashion-mnist", "WebComposerInferenceRPUConfig", "hardware", "weight_template", "out_channels"};

    private String knownName() {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private String randomWord() {
        if (random.nextInt(3) == 0) {
            return knownName();
        }
        StringBuilder word = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            word.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2FFF) : random.nextInt('a', 'z' + 1)));
        }
        return word.toString();
    }

    private String typo(String name) {
        if (name.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(name.length());
        return switch (random.nextInt(3)) {
            case 0 -> name.substring(0, at) + name.substring(at + 1);
            case 1 -> name.substring(0, at) + (char) random.nextInt('a', 'z' + 1) + name.substring(at);
            default -> name.toUpperCase();
        };
    }

    private static final String STRAY = "{[,:\"\\}]\u0000";

    /** Text-level damage: truncation, a stray or missing character, or raw bytes. */
    private String mutateText(String json) {
        int at = random.nextInt(json.length());
        return switch (random.nextInt(4)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + STRAY.charAt(random.nextInt(STRAY.length())) + json.substring(at);
            case 2 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(5)));
            default -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
        };
    }

    private static String abbreviate(String input) {
        return input.length() > 300 ? input.substring(0, 300) + "…" : input;
    }
}
