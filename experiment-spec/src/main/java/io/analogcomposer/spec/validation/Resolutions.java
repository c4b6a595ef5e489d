package io.analogcomposer.spec.validation;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DAC/ADC resolutions given in bits ({@code inp_bits}, {@code out_bits}, as the composer's UI and AIHWKit's
 * cloud client do) turned into AIHWKit's step sizes ({@code inp_res}, {@code out_res}) with the convention
 * {@code 1 / (2^bits - 2)} (7 bits → 1/126, 9 bits → 1/510).
 */
final class Resolutions {

    private static final List<String[]> PAIRS = List.of(new String[]{"inp_bits", "inp_res"},
            new String[]{"out_bits", "out_res"});

    private Resolutions() {
    }

    /** The step size of a converter with this many bits. */
    static double stepOf(int bits) {
        return 1.0 / (Math.pow(2, bits) - 2);
    }

    /**
     * In one user-written configuration: sets the step size from the bits, and reports giving both with
     * different values. Works on every IO block (forward, backward, transfer_forward, ...).
     */
    static void normalize(JsonNode config, String pointer, Resolver.Findings findings) {
        if (config == null || pointer == null) {
            return;
        }
        walk(config, pointer, findings, 0);
    }

    private static void walk(JsonNode node, String pointer, Resolver.Findings findings, int depth) {
        if (depth > 8) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (String[] pair : PAIRS) {
                JsonNode bits = object.get(pair[0]);
                if (bits == null || !bits.isIntegralNumber() || bits.asInt() < 2 || bits.asInt() > 16) {
                    continue;
                }
                double step = stepOf(bits.asInt());
                JsonNode res = object.get(pair[1]);
                if (res != null && res.isNumber() && Math.abs(res.asDouble() - step) > 1e-12) {
                    findings.error(pointer + "/" + pair[0], "'" + pair[0] + "' " + bits.asInt() + " means "
                            + pair[1] + " " + step + ", but " + pair[1] + " is " + res.asDouble()
                            + "; give only one of the two.", pair[1] + " = " + step + ", or leave one out",
                            "conflict");
                } else {
                    object.put(pair[1], step);
                }
            }
            for (String name : List.copyOf(object.propertyNames())) {
                walk(object.get(name), pointer + "/" + name, findings, depth + 1);
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, findings, depth + 1);
            }
        }
    }

    /**
     * After merging, a more specific source may have set the step size while a less specific one gave bits:
     * the step size wins and the stale bits are dropped, so the resolved document never contradicts itself.
     */
    static void dropStaleBits(JsonNode node) {
        dropStaleBits(node, 0);
    }

    private static void dropStaleBits(JsonNode node, int depth) {
        if (depth > 8 || node == null) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (String[] pair : PAIRS) {
                JsonNode bits = object.get(pair[0]);
                JsonNode res = object.get(pair[1]);
                if (bits != null && (res == null || !bits.isIntegralNumber()
                        || Math.abs(res.asDouble() - stepOf(bits.asInt())) > 1e-12)) {
                    object.remove(pair[0]);
                }
            }
            object.properties().forEach(e -> dropStaleBits(e.getValue(), depth + 1));
        } else if (node.isArray()) {
            node.forEach(item -> dropStaleBits(item, depth + 1));
        }
    }
}
