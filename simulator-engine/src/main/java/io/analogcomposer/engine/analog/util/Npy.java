package io.analogcomposer.engine.analog.util;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy {@code .npy} arrays (format 1.x/2.x/3.x, C order, little- or big-endian float32/float64/int32/int64)
 * into float arrays, and {@code .npz} archives (a zip of {@code .npy} files). Enough for weights and inputs exchanged
 * with Python tools; anything else fails with a message naming the unsupported header field.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([fiu])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a file.
     *
     * @param shape dimensions, C order
     * @param data  elements converted to float
     */
    public record Array(int[] shape, float[] data) {
        /** Number of rows of a matrix (or elements of a vector). */
        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Elements per row (1 for vectors and scalars). */
        public int cols() {
            int c = 1;
            for (int i = 1; i < shape.length; i++) {
                c *= shape[i];
            }
            return c;
        }
    }

    /** Reads a {@code .npy} file. */
    public static Array read(Path path) {
        try {
            return parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Parses the bytes of a {@code .npy} file. */
    public static Array parse(byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
                || b[5] != 'Y') {
            throw new IllegalArgumentException("not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new IllegalArgumentException(".npy format version " + major + " is not supported (1, 2 or 3)");
        }
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        if (!d.find()) {
            throw new IllegalArgumentException(".npy dtype not supported (float32/64, int32/64): " + header.trim());
        }
        Matcher f = FORTRAN.matcher(header);
        if (f.find() && f.group(1).equals("True")) {
            throw new IllegalArgumentException(".npy arrays in Fortran order are not supported; save with C order");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new IllegalArgumentException(".npy header has no shape: " + header.trim());
        }
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int v : shape) {
            count *= v;
        }
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = ByteBuffer.wrap(b, start + headerLen, b.length - start - headerLen).slice().order(order);
        if (count * width > data.remaining()) {
            throw new IllegalArgumentException(".npy data is truncated: shape " + Arrays.toString(shape) + " needs "
                    + count * width + " bytes, file has " + data.remaining());
        }
        float[] out = new float[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (kind + "" + width) {
                case "f4" -> data.getFloat(i * 4);
                case "f8" -> (float) data.getDouble(i * 8);
                case "i4" -> data.getInt(i * 4);
                case "i8" -> data.getLong(i * 8);
                default -> throw new IllegalArgumentException(".npy dtype " + kind + width + " is not supported");
            };
        }
        return new Array(shape, out);
    }

    /** Reads every array of a {@code .npz} archive, keyed by name without the {@code .npy} suffix. */
    public static Map<String, Array> parseNpz(byte[] zip) {
        Map<String, Array> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                String name = e.getName().endsWith(".npy")
                        ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                m.put(name, parse(z.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read .npz archive", e);
        }
        return m;
    }

    /** Writes a float32 little-endian C-order {@code .npy} file. */
    public static byte[] write(int[] shape, float[] data) {
        StringBuilder sh = new StringBuilder();
        for (int v : shape) {
            sh.append(v).append(", ");
        }
        String dims = shape.length == 1 ? shape[0] + "," : sh.substring(0, Math.max(0, sh.length() - 2));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : data) {
            bb.putFloat(v);
        }
        return bb.array();
    }
}
