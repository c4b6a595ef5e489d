package io.analogcomposer.engine.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10's binary version: records of one label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue,
 * row-major 32 x 32). Files may be gzip-compressed.
 */
public final class Cifar10Reader {
    /** Bytes per record. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    private Cifar10Reader() {
    }

    /** Reads and concatenates the given batch files into one dataset of {@code [3, 32, 32]} 8-bit images valued in [0, 1]. */
    public static Dataset read(String name, List<Path> files) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Path f : files) {
            try (DataInputStream in = new DataInputStream(IdxReader.openMaybeGzip(f))) {
                byte[] buf = in.readAllBytes();
                if (buf.length % RECORD != 0) {
                    throw new EOFException(f + ": size " + buf.length + " is not a multiple of the " + RECORD
                            + "-byte CIFAR-10 record");
                }
                all.write(buf);
            }
        }
        byte[] raw = all.toByteArray();
        int n = raw.length / RECORD;
        byte[] x = new byte[n * (RECORD - 1)];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int base = i * RECORD;
            y[i] = raw[base] & 0xFF;
            if (y[i] > 9) {
                throw new IOException("CIFAR-10 record " + i + " has label " + y[i]);
            }
            System.arraycopy(raw, base + 1, x, i * (RECORD - 1), RECORD - 1);
        }
        return Dataset.ofPixels(name, new int[]{3, 32, 32}, x, y, 10);
    }
}
