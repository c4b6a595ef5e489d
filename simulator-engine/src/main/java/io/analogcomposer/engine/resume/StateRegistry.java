package io.analogcomposer.engine.resume;

import io.analogcomposer.engine.random.Rng;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Where a part of a training session names everything that training changes in it, so the session can be saved at
 * an epoch boundary and continued elsewhere exactly as if it had never stopped. Each part registers its live state
 * under stable names; saving reads it, restoring writes it back. Parts whose state cannot be captured say so, and
 * a session containing one is not resumable.
 */
public interface StateRegistry {

    /** A live array whose every element training may change (weights, optimizer moments, device states). */
    void floats(String name, float[] live);

    /** A live array of doubles. */
    void doubles(String name, double[] live);

    /** A scalar (a counter, a flag, a double's bits) read and written through accessors. */
    void scalar(String name, LongSupplier get, LongConsumer set);

    /** A random generator: its position is its state (the seed is rebuilt from the run's seed). */
    default void rng(String name, Rng rng) {
        scalar(name, rng::position, rng::position);
    }

    /** A double kept as its exact bits. */
    default void real(String name, java.util.function.DoubleSupplier get, java.util.function.DoubleConsumer set) {
        scalar(name, () -> Double.doubleToRawLongBits(get.getAsDouble()),
                bits -> set.accept(Double.longBitsToDouble(bits)));
    }

    /** A part whose training state is not captured: a session with it restarts from its first epoch. */
    void unsupported(String what);

    /** This registry with every name prefixed (a layer's state under its index in the network). */
    default StateRegistry within(String prefix) {
        StateRegistry outer = this;
        return new StateRegistry() {
            @Override
            public void floats(String name, float[] live) {
                outer.floats(prefix + name, live);
            }

            @Override
            public void doubles(String name, double[] live) {
                outer.doubles(prefix + name, live);
            }

            @Override
            public void scalar(String name, LongSupplier get, LongConsumer set) {
                outer.scalar(prefix + name, get, set);
            }

            @Override
            public void unsupported(String what) {
                outer.unsupported(what);
            }
        };
    }
}
