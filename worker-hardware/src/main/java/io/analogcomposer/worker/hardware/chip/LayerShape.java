package io.analogcomposer.worker.hardware.chip;

/** The weight matrix of one analog layer: {@code rows} outputs × {@code columns} inputs. */
public record LayerShape(String name, int rows, int columns) {

    public LayerShape {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer needs a name");
        }
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("layer " + name + ": rows and columns must be ≥ 1, got " + rows + "×"
                    + columns);
        }
    }

    public long weights() {
        return (long) rows * columns;
    }
}
