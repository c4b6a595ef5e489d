package io.analogcomposer.api.compat;

import java.util.Arrays;
import java.util.Optional;

/**
 * The real composer's experiment categories. The client creates {@code train} and {@code inference}; experiments
 * made in our web UI or REST API show as {@code trainweb} and {@code inferenceweb}, as the composer's own web
 * experiments do. No other value may reach the client: it rejects the whole list for one unknown category.
 */
enum Category {
    TRAIN("train", true), INFERENCE("inference", false), TRAIN_WEB("trainweb", true), INFERENCE_WEB("inferenceweb",
            false);

    private final String wire;
    private final boolean training;

    Category(String wire, boolean training) {
        this.wire = wire;
        this.training = training;
    }

    String wire() {
        return wire;
    }

    /** Whether inputs and outputs are training messages ({@code aihwx}) rather than inference ones. */
    boolean training() {
        return training;
    }

    /** Whether the experiment was made outside the AIHWKit client (our web UI or REST API). */
    boolean web() {
        return this == TRAIN_WEB || this == INFERENCE_WEB;
    }

    /** The category a client may ask for when it creates an experiment. */
    static Optional<Category> requested(String wire) {
        return Arrays.stream(new Category[]{TRAIN, INFERENCE}).filter(c -> c.wire.equals(wire)).findFirst();
    }

    static Optional<Category> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }

    /** How an experiment created elsewhere in Analog Composer shows, by its document's kind. */
    static Category ofWebKind(String kind) {
        return "training".equals(kind) ? TRAIN_WEB : INFERENCE_WEB;
    }
}
