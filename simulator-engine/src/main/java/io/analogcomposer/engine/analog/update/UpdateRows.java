package io.analogcomposer.engine.analog.update;

/**
 * The input rows {@code x [batch, in]} of an in-memory update, produced on demand instead of held in memory: a
 * convolution's rows are its patch rows (one per output pixel of every image), many times larger than the images they
 * are gathered from, so it keeps the images and gathers the rows again, a block at a time, when the update reads them.
 */
@FunctionalInterface
public interface UpdateRows {
    /**
     * Writes columns {@code [col, col + cols)} of rows {@code [from, to)} into {@code dst}, row-major
     * {@code [to - from, cols]} from index 0.
     */
    void fill(int from, int to, int col, int cols, float[] dst);

    /** The view of columns {@code [col, col + cols)} as rows of their own (a tile of a split crossbar). */
    default UpdateRows columns(int col, int cols) {
        return (from, to, c, n, dst) -> fill(from, to, col + c, n, dst);
    }

    /** Rows of a row-major {@code [rows, width]} array (what a tile that needs all rows at once reads). */
    static UpdateRows of(float[] x, int width) {
        return (from, to, col, cols, dst) -> {
            for (int r = from; r < to; r++) {
                System.arraycopy(x, r * width + col, dst, (r - from) * cols, cols);
            }
        };
    }
}
