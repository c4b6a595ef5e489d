package io.analogcomposer.api.compat.translate;

import io.analogcomposer.api.compat.proto.training.AttributeProto;
import io.analogcomposer.api.compat.proto.training.LayerOrActivationFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads network entries out of either proto package into {@link Entry}: the two packages declare field-for-field
 * identical messages under different Java classes, and one translator should serve both.
 */
final class Entries {

    private Entries() {
    }

    static List<Entry> of(io.analogcomposer.api.compat.proto.training.Network network) {
        List<Entry> entries = new ArrayList<>();
        for (LayerOrActivationFunction item : network.getLayersList()) {
            if (item.hasActivationFunction()) {
                entries.add(new Entry(item.getActivationFunction().getId(), true,
                        item.getActivationFunction().getArgumentsList().stream().map(Entries::argument).toList()));
            } else if (item.hasLayer()) {
                entries.add(new Entry(item.getLayer().getId(), false,
                        item.getLayer().getArgumentsList().stream().map(Entries::argument).toList()));
            } else {
                entries.add(new Entry("(empty entry)", false, List.of()));
            }
        }
        return entries;
    }

    static List<Entry> of(io.analogcomposer.api.compat.proto.inference.Network network) {
        List<Entry> entries = new ArrayList<>();
        for (var item : network.getLayersList()) {
            if (item.hasActivationFunction()) {
                entries.add(new Entry(item.getActivationFunction().getId(), true,
                        item.getActivationFunction().getArgumentsList().stream().map(Entries::argument).toList()));
            } else if (item.hasLayer()) {
                entries.add(new Entry(item.getLayer().getId(), false,
                        item.getLayer().getArgumentsList().stream().map(Entries::argument).toList()));
            } else {
                entries.add(new Entry("(empty entry)", false, List.of()));
            }
        }
        return entries;
    }

    private static Argument argument(AttributeProto a) {
        return new Argument(a.getName(), a.getType().name(), a.getF(), a.getI(),
                a.getS().toString(StandardCharsets.UTF_8), a.getB(), a.getIntsList());
    }

    private static Argument argument(io.analogcomposer.api.compat.proto.inference.AttributeProto a) {
        return new Argument(a.getName(), a.getType().name(), a.getF(), a.getI(),
                a.getS().toString(StandardCharsets.UTF_8), a.getB(), a.getIntsList());
    }
}
