package io.analogcomposer.api.compat.translate;

/** Conversions between the float32 values of the wire format and the doubles of our documents. */
final class Floats {

    private Floats() {
    }

    /**
     * The shortest decimal that reads back as the same float32: the client sent {@code lr=0.01} as float32, and
     * the document should say 0.01, not the widened 0.009999999776482582.
     */
    static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
