package io.analogcomposer.api.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * A run's state, in the real composer's vocabulary. The order of the constants is the order of progress: a run
 * only ever moves forward, so a duplicate or late event can never move it back, and a terminal state is final.
 */
public enum RunStatus {
    WAITING, VALIDATING, VALIDATED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** Whether nothing can change this run any more. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether moving from this state to {@code next} is progress (later in the life of a run). */
    public boolean canMoveTo(RunStatus next) {
        return !terminal() && next.ordinal() > ordinal();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, naming the allowed ones when it is not one. */
    public static RunStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run status '" + value + "'; allowed: "
                        + String.join(", ", Arrays.stream(values()).map(RunStatus::wireName).toList())));
    }
}
