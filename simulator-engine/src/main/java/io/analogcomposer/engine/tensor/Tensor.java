package io.analogcomposer.engine.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order: a shape over a flat array that may be larger than the shape needs, so
 * layers can keep one buffer and reuse it when the batch size shrinks (no per-batch allocation).
 */
public final class Tensor {
    private float[] data;
    private int[] shape;
    private int size;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
        this.size = sizeOf(shape);
        if (size > data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " floats but the array holds "
                            + data.length);
        }
    }

    /** A new tensor of zeros with the given shape. */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(new float[sizeOf(s)], s);
    }

    /** Wraps an existing array (no copy) with the given shape. */
    public static Tensor wrap(float[] data, int... shape) {
        return new Tensor(data, shape.clone());
    }

    /** A tensor holding a copy of the given values with the given shape. */
    public static Tensor of(float[] values, int... shape) {
        return new Tensor(values.clone(), shape.clone());
    }

    /**
     * Returns {@code t} reshaped to {@code shape} if its array is large enough, otherwise a new zero tensor: the way
     * layers keep their buffers across batches without allocating.
     */
    public static Tensor ensure(Tensor t, int... shape) {
        int n = sizeOf(shape);
        if (t == null || t.data.length < n) {
            return new Tensor(new float[n], shape.clone());
        }
        if (!Arrays.equals(t.shape, shape)) {
            t.shape = shape.clone();
        }
        t.size = n;
        return t;
    }

    /** {@link #ensure(Tensor, int...)} for a matrix, without allocating a shape array when nothing changes. */
    public static Tensor ensure(Tensor t, int rows, int cols) {
        if (t != null && t.shape.length == 2 && t.shape[0] == rows && t.shape[1] == cols) {
            return t;
        }
        return ensure(t, new int[]{rows, cols});
    }

    /** Like {@link #ensure(Tensor, int...)} with the shape of {@code like}, without copying that shape array. */
    public static Tensor ensureLike(Tensor t, Tensor like) {
        if (t == null || t.data.length < like.size) {
            return new Tensor(new float[like.size], like.shape.clone());
        }
        if (!Arrays.equals(t.shape, like.shape)) {
            t.shape = like.shape.clone();
        }
        t.size = like.size;
        return t;
    }

    /** Number of elements the shape describes. */
    public static int sizeOf(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one array");
        }
        return (int) n;
    }

    /** The backing array; only the first {@link #size()} elements belong to this tensor. */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** Whether this tensor's shape equals {@code s} (no copy made). */
    public boolean hasShape(int[] s) {
        return Arrays.equals(shape, s);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** A view with another shape over the same data (same element count required). */
    public Tensor reshape(int... newShape) {
        if (sizeOf(newShape) != size) {
            throw new IllegalArgumentException(
                    "cannot reshape " + shapeString() + " to " + Arrays.toString(newShape) + ": element counts differ");
        }
        return new Tensor(data, newShape.clone());
    }

    /** Points this view at another tensor's data with the given shape; used by reshaping layers to avoid copies. */
    public Tensor viewOf(Tensor source, int... newShape) {
        if (sizeOf(newShape) != source.size) {
            throw new IllegalArgumentException(
                    "cannot view " + source.shapeString() + " as " + Arrays.toString(newShape));
        }
        this.data = source.data;
        if (!Arrays.equals(this.shape, newShape)) {
            this.shape = newShape.clone();
        }
        this.size = source.size;
        return this;
    }

    /** An independent copy (trimmed to its size). */
    public Tensor copy() {
        return new Tensor(Arrays.copyOf(data, size), shape.clone());
    }

    /** Copies another tensor's elements into this one; sizes must match. */
    public void copyFrom(Tensor other) {
        if (other.size != size) {
            throw new IllegalArgumentException("cannot copy " + other.shapeString() + " into " + shapeString());
        }
        System.arraycopy(other.data, 0, data, 0, size);
    }

    /** Sets every element to {@code v}. */
    public Tensor fill(float v) {
        Arrays.fill(data, 0, size, v);
        return this;
    }

    /** Element at a multi-index; for tests and debugging, not hot loops. */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Sets the element at a multi-index; for tests and debugging, not hot loops. */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(
                    "index " + Arrays.toString(index) + " has rank " + index.length + " but tensor is "
                            + shapeString());
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + shapeString());
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** A copy of the elements as an exact-size array. */
    public float[] toArray() {
        return Arrays.copyOf(data, size);
    }

    /** The shape as text, e.g. {@code [64, 1, 28, 28]}, for error messages. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
