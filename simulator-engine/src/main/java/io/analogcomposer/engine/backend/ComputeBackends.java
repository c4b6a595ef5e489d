package io.analogcomposer.engine.backend;

import io.analogcomposer.engine.tensor.Parallel;
import java.util.Locale;

/** Picks a backend by name ({@code java}, {@code openblas}, {@code auto}) and thread count. */
public final class ComputeBackends {
    private ComputeBackends() {
    }

    /** The default: pure Java on every core, bit-reproducible for any thread count. */
    public static ComputeBackend defaultBackend() {
        return new JavaBackend(Parallel.CORES);
    }

    /**
     * A backend by name: {@code java}, {@code openblas} (fails if it cannot load) or {@code auto} (OpenBLAS when
     * available, else Java). {@code threads <= 0} means all cores.
     */
    public static ComputeBackend byName(String name, int threads) {
        int t = threads <= 0 ? Parallel.CORES : threads;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "java" -> new JavaBackend(t);
            case "openblas", "blas" -> BlasBackend.create(t)
                    .orElseThrow(() -> new IllegalStateException(BlasBackend.unavailableReason()));
            case "auto" -> BlasBackend.create(t).<ComputeBackend>map(b -> b).orElseGet(() -> new JavaBackend(t));
            default -> throw new IllegalArgumentException(
                    "unknown compute backend '" + name + "'; expected one of java, openblas, auto");
        };
    }
}
