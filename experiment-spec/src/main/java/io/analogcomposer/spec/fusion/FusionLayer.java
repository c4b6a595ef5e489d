package io.analogcomposer.spec.fusion;

/**
 * One analog layer of a Fusion CSV file: AIHWKit's module counter {@code id}, its class name, its weight shape
 * ({@code height} outputs × {@code width} inputs per output), its name in the model (the state-dict prefix, e.g.
 * "8") and one conductance in µS per weight, |w| only (the sign stays with the client). For a layer split over
 * several tiles the conductances are the tiles' row-major matrices one after the other, as AIHWKit writes them.
 */
public record FusionLayer(int id, String className, int height, int width, String name, double[] conductancesUs) {

    public FusionLayer {
        if (className == null || className.isBlank() || className.contains(",")) {
            throw new IllegalArgumentException("layer class name must be non-empty without commas, got " + className);
        }
        if (name == null || name.isBlank() || name.contains(",")) {
            throw new IllegalArgumentException("layer name must be non-empty without commas, got " + name);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("layer " + name + ": height and width must be ≥ 1, got " + height
                    + "×" + width);
        }
        if (conductancesUs == null || conductancesUs.length != (long) height * width) {
            throw new IllegalArgumentException("layer " + name + ": " + height + "×" + width + " = "
                    + ((long) height * width) + " weights but "
                    + (conductancesUs == null ? "no" : String.valueOf(conductancesUs.length)) + " conductances");
        }
        conductancesUs = conductancesUs.clone();
    }

    public int weights() {
        return conductancesUs.length;
    }

    /** The same layer with other conductances (e.g. the programmed ones, for download). */
    public FusionLayer withConductances(double[] values) {
        return new FusionLayer(id, className, height, width, name, values);
    }
}
