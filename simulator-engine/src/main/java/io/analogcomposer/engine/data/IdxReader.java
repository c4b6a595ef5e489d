package io.analogcomposer.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST family's format: magic {@code 0 0 type rank}, big-endian dimension sizes, then data),
 * gzip-compressed or not, detected from the first bytes rather than the file name.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** An IDX array of unsigned bytes. */
    public record IdxArray(int[] dims, byte[] data) {
        /** Elements after the first dimension. */
        public int itemSize() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }
    }

    /** Reads an unsigned-byte IDX file. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = openMaybeGzip(file); DataInputStream in = new DataInputStream(raw)) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank < 1 || rank > 4) {
                throw new IOException(file + " is not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            if (type != 0x08) {
                throw new IOException(file + ": only unsigned-byte IDX data (type 0x08) is supported, got 0x"
                        + Integer.toHexString(type));
            }
            int[] dims = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": negative dimension " + dims[i]);
                }
                n *= dims[i];
            }
            if (n > Integer.MAX_VALUE) {
                throw new IOException(file + ": too large (" + n + " elements)");
            }
            byte[] data = new byte[(int) n];
            in.readFully(data);
            return new IdxArray(dims, data);
        }
    }

    /** Opens a file, transparently decompressing it if it starts with the gzip magic bytes. */
    static InputStream openMaybeGzip(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /**
     * Loads an images file ({@code N×H×W}, or {@code N×C×H×W} as the composer stores uploaded datasets) and a labels
     * file into a dataset of its 8-bit pixels, valued in [0, 1].
     */
    public static Dataset loadImages(String name, Path images, Path labels, int numClasses) throws IOException {
        IdxArray x = read(images), y = read(labels);
        if (x.dims().length != 3 && x.dims().length != 4) {
            throw new IOException(images + ": expected a rank-3 or rank-4 image array, got rank " + x.dims().length);
        }
        if (y.dims().length != 1 || y.dims()[0] != x.dims()[0]) {
            throw new IOException(labels + ": expected " + x.dims()[0] + " labels, got dims "
                    + java.util.Arrays.toString(y.dims()));
        }
        int[] lab = new int[y.dims()[0]];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = y.data()[i] & 0xFF;
            if (lab[i] >= numClasses) {
                throw new IOException(labels + ": label " + lab[i] + " of sample " + i + " is not below the "
                        + numClasses + " classes");
            }
        }
        int[] shape = x.dims().length == 4
                ? new int[]{x.dims()[1], x.dims()[2], x.dims()[3]}
                : new int[]{1, x.dims()[1], x.dims()[2]};
        return Dataset.ofPixels(name, shape, x.data(), lab, numClasses);
    }

    /** The number of classes a labels file implies: its largest label plus one. */
    public static int classesOf(Path labels) throws IOException {
        int max = -1;
        for (byte b : read(labels).data()) {
            max = Math.max(max, b & 0xFF);
        }
        return max + 1;
    }
}
