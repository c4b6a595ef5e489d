package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** Where a run executes; {@code auto} lets the validator choose. */
public enum Backend implements WireEnum {
    AUTO, CPU, GPU, HARDWARE;

    /** The routing key and queue suffix of a concrete backend ({@code jobs.<key>}). */
    public String queueKey() {
        if (this == AUTO) {
            throw new IllegalStateException("auto is resolved to a concrete backend before routing");
        }
        return wire();
    }
}
