package io.analogcomposer.api.dataset.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads the three upload formats into an {@link ImageSet}, with errors that say where:
 * <ul>
 * <li>{@code .npz} (NumPy) with arrays {@code x_train}, {@code y_train}, {@code x_test}, {@code y_test};</li>
 * <li>a ZIP of the four IDX files of the MNIST family (their standard names, each possibly gzip'd);</li>
 * <li>a CSV of pixels: a header row, a {@code label} column and one column per pixel; an optional {@code split}
 * column ({@code train}/{@code test}) chooses the split, else the last {@code testFraction} of rows are the test
 * set.</li>
 * </ul>
 * And writes the stored form: a ZIP of four IDX files (images {@code N×C×H×W}, unsigned bytes), which the workers
 * read like any IDX dataset.
 */
public final class Formats {
    private Formats() {
    }

    static final List<String> IDX_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final List<String> NPZ_NAMES = List.of("x_train", "y_train", "x_test", "y_test");

    /**
     * Reads an upload; {@code shape} ("C,H,W") is needed only for a CSV whose pixel count is not a square, and
     * {@code testFraction} only for a CSV without a split column.
     */
    public static ImageSet read(byte[] body, String shape, double testFraction) throws UploadError {
        if (body.length >= 4 && body[0] == 'P' && body[1] == 'K') {
            Map<String, byte[]> entries = unzip(body);
            if (entries.containsKey("x_train.npy") || entries.containsKey("x_train")) {
                return npz(entries);
            }
            return idx(entries);
        }
        return csv(body, shape, testFraction);
    }

    // ---- npz -------------------------------------------------------------------------------------------------

    private static ImageSet npz(Map<String, byte[]> entries) throws UploadError {
        Samples[] arrays = new Samples[4];
        for (int i = 0; i < 4; i++) {
            String name = NPZ_NAMES.get(i);
            byte[] data = entries.getOrDefault(name + ".npy", entries.get(name));
            if (data == null) {
                throw new UploadError("/" + name, "the .npz has no array " + name + " (it has " + entries.keySet()
                        + ")", "arrays x_train, y_train, x_test, y_test");
            }
            arrays[i] = npy("/" + name, data);
        }
        return Images.build("npz", arrays[0], arrays[1], arrays[2], arrays[3]);
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** One {@code .npy} array: version 1–3 header, C order, bool/int/uint/float of any common width. */
    static Samples npy(String pointer, byte[] data) throws UploadError {
        if (data.length < 10 || (data[0] & 0xFF) != 0x93 || data[1] != 'N' || data[2] != 'U' || data[3] != 'M'
                || data[4] != 'P' || data[5] != 'Y') {
            throw new UploadError(pointer, "not a NumPy .npy array", "arrays saved with numpy.savez");
        }
        int major = data[6];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        if (start + headerLength > data.length) {
            throw new UploadError(pointer, "the .npy header is cut short", "arrays saved with numpy.savez");
        }
        String header = new String(data, start, headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header), fortran = FORTRAN.matcher(header), shapeM = SHAPE.matcher(header);
        if (!descr.find() || !shapeM.find()) {
            throw new UploadError(pointer + "/dtype", "the .npy header is not understood: " + header.strip(),
                    "numeric arrays");
        }
        if (fortran.find() && fortran.group(1).equals("True")) {
            throw new UploadError(pointer, "the array is in Fortran order", "C order (numpy's default)");
        }
        List<Long> dims = new ArrayList<>();
        for (String d : shapeM.group(1).split(",")) {
            if (!d.isBlank()) {
                dims.add(Long.parseLong(d.strip()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        if ("biuf".indexOf(kind) < 0 || (kind == 'f' && width != 4 && width != 8)
                || (kind != 'f' && width != 1 && width != 2 && width != 4 && width != 8)) {
            throw new UploadError(pointer + "/dtype", "arrays of dtype " + descr.group(1) + kind + width
                    + " are not supported", "uint8, int8..int64, float32 or float64");
        }
        long bytes = count * width;
        if (count > Integer.MAX_VALUE || start + headerLength + bytes > data.length) {
            throw new UploadError(pointer + "/shape", "the array's shape " + Images.show(shape) + " needs " + bytes
                    + " bytes but the file has " + (data.length - start - headerLength), "a complete array");
        }
        b.order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.position(start + headerLength);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind) {
                case 'f' -> width == 4 ? b.getFloat() : (float) b.getDouble();
                case 'u' -> switch (width) {
                    case 1 -> b.get() & 0xFF;
                    case 2 -> b.getShort() & 0xFFFF;
                    case 4 -> b.getInt() & 0xFFFFFFFFL;
                    default -> b.getLong();
                };
                default -> switch (width) {
                    case 1 -> b.get();
                    case 2 -> b.getShort();
                    case 4 -> b.getInt();
                    default -> b.getLong();
                };
            };
        }
        return new Samples(pointer, shape.length == 0 ? new long[]{1} : shape, values);
    }

    // ---- IDX ---------------------------------------------------------------------------------------------------

    private static ImageSet idx(Map<String, byte[]> entries) throws UploadError {
        Samples[] arrays = new Samples[4];
        for (int i = 0; i < 4; i++) {
            String name = IDX_NAMES.get(i);
            byte[] data = entries.containsKey(name) ? entries.get(name) : entries.get(name + ".gz");
            if (data == null) {
                throw new UploadError("/" + name, "the ZIP has no " + name + " (it has " + entries.keySet() + ")",
                        "a .npz with x_train/y_train/x_test/y_test, or a ZIP of the four MNIST-style IDX files "
                                + IDX_NAMES);
            }
            arrays[i] = idxArray("/" + name, gunzipIfNeeded(data, "/" + name));
        }
        return Images.build("idx", arrays[0], arrays[1], arrays[2], arrays[3]);
    }

    private static Samples idxArray(String pointer, byte[] data) throws UploadError {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank < 1 || rank > 4) {
                throw new UploadError(pointer, "not an IDX file (magic 0x" + Integer.toHexString(magic) + ")",
                        "IDX files as MNIST distributes them");
            }
            if (type != 0x08) {
                throw new UploadError(pointer + "/type", "IDX data of type 0x" + Integer.toHexString(type)
                        + " is not supported", "unsigned bytes (type 0x08)");
            }
            long[] shape = new long[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = in.readInt() & 0xFFFFFFFFL;
                count *= shape[i];
            }
            if (4 + 4L * rank + count > data.length) {
                throw new UploadError(pointer + "/dims", "dimensions " + Images.show(shape) + " need " + count
                        + " bytes of data, the file has " + (data.length - 4 - 4 * rank), "a complete file");
            }
            float[] values = new float[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readUnsignedByte();
            }
            return new Samples(pointer, shape, values);
        } catch (IOException e) {
            throw new UploadError(pointer, "the IDX file is cut short", "a complete file");
        }
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    private static ImageSet csv(byte[] body, String shape, double testFraction) throws UploadError {
        String text = new String(body, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n");
        if (lines.length < 2 || lines[0].isBlank()) {
            throw new UploadError("/lines/1", "the CSV needs a header row and at least one row of pixels",
                    "a header (label, pixel columns, optional split) and one row per image");
        }
        String[] header = lines[0].split(",", -1);
        int labelColumn = -1, splitColumn = -1;
        for (int i = 0; i < header.length; i++) {
            String h = header[i].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            if (h.equals("label")) {
                labelColumn = i;
            } else if (h.equals("split")) {
                splitColumn = i;
            }
        }
        if (labelColumn < 0) {
            throw new UploadError("/lines/1", "the header has no 'label' column", "a column named label");
        }
        int pixels = header.length - 1 - (splitColumn >= 0 ? 1 : 0);
        long[] sampleShape = sampleShape(shape, pixels);
        List<float[]> trainRows = new ArrayList<>(), testRows = new ArrayList<>();
        List<Float> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<Boolean> isTest = new ArrayList<>();
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isBlank()) {
                continue;
            }
            String[] fields = lines[l].split(",", -1);
            String where = "/lines/" + (l + 1);
            if (fields.length != header.length) {
                throw new UploadError(where, "line " + (l + 1) + " has " + fields.length + " fields, the header "
                        + header.length, header.length + " fields per line");
            }
            float[] row = new float[pixels];
            int p = 0;
            float label = 0;
            boolean test = false;
            for (int f = 0; f < fields.length; f++) {
                String value = fields[f].strip();
                if (f == splitColumn) {
                    if (!value.equals("train") && !value.equals("test")) {
                        throw new UploadError(where + "/fields/" + (f + 1), "line " + (l + 1) + ", field " + (f + 1)
                                + " (split): '" + value + "'", "train or test");
                    }
                    test = value.equals("test");
                    continue;
                }
                float v;
                try {
                    v = Float.parseFloat(value);
                } catch (NumberFormatException e) {
                    throw new UploadError(where + "/fields/" + (f + 1), "line " + (l + 1) + ", field " + (f + 1)
                            + " (" + header[f].strip() + "): '" + value + "' is not a number",
                            f == labelColumn ? "a class number" : "a pixel value 0..255 or in [0, 1]");
                }
                if (f == labelColumn) {
                    label = v;
                } else {
                    row[p++] = v;
                }
            }
            rows.add(row);
            labels.add(label);
            isTest.add(test);
        }
        boolean split = splitColumn >= 0;
        int firstTest = split ? -1 : rows.size() - (int) Math.round(rows.size() * testFraction);
        for (int i = 0; i < rows.size(); i++) {
            boolean test = split ? isTest.get(i) : i >= firstTest;
            (test ? testRows : trainRows).add(rows.get(i));
            (test ? testLabels : trainLabels).add(labels.get(i));
        }
        if (trainRows.isEmpty() || testRows.isEmpty()) {
            throw new UploadError(split ? "/lines" : "/test_fraction", "the CSV gives " + trainRows.size()
                    + " training and " + testRows.size() + " test images", "at least one image in each split");
        }
        return Images.build("csv", samples("/train", trainRows, sampleShape), labelSamples("/train/labels",
                trainLabels), samples("/test", testRows, sampleShape), labelSamples("/test/labels", testLabels));
    }

    private static long[] sampleShape(String shape, int pixels) throws UploadError {
        if (shape == null || shape.isBlank()) {
            int side = (int) Math.round(Math.sqrt(pixels));
            if (side * side != pixels) {
                throw new UploadError("/shape", pixels + " pixel columns are not a square image",
                        "shape=C,H,W with C×H×W = " + pixels);
            }
            return new long[]{side, side};
        }
        String[] parts = shape.split(",");
        long[] s = new long[parts.length];
        long product = 1;
        try {
            for (int i = 0; i < parts.length; i++) {
                s[i] = Long.parseLong(parts[i].strip());
                product *= s[i];
            }
        } catch (NumberFormatException e) {
            throw new UploadError("/shape", "'" + shape + "' is not a shape", "C,H,W, e.g. 3,32,32");
        }
        if (s.length != 3 || product != pixels) {
            throw new UploadError("/shape", "shape " + shape + " does not match " + pixels + " pixel columns",
                    "C,H,W with C×H×W = " + pixels);
        }
        return s;
    }

    private static Samples samples(String pointer, List<float[]> rows, long[] sampleShape) {
        int per = rows.getFirst().length;
        float[] values = new float[rows.size() * per];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * per, per);
        }
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = rows.size();
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new Samples(pointer, shape, values);
    }

    private static Samples labelSamples(String pointer, List<Float> labels) {
        float[] v = new float[labels.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = labels.get(i);
        }
        return new Samples(pointer, new long[]{v.length}, v);
    }

    // ---- ZIP and the stored form -------------------------------------------------------------------------------

    private static Map<String, byte[]> unzip(byte[] body) throws UploadError {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (e.isDirectory()) {
                    continue;
                }
                byte[] data = zip.readNBytes(Integer.MAX_VALUE - 16);
                total += data.length;
                if (total > 16L * body.length + (64 << 20)) {
                    throw new UploadError("/body", "the archive unpacks to far more than it weighs",
                            "an ordinary .npz or ZIP");
                }
                String name = e.getName();
                entries.put(name.substring(name.lastIndexOf('/') + 1), data);
            }
        } catch (IOException e) {
            throw new UploadError("/body", "the ZIP cannot be read: " + e.getMessage(), "a .npz or a ZIP");
        }
        return entries;
    }

    private static byte[] gunzipIfNeeded(byte[] data, String pointer) throws UploadError {
        if (data.length < 2 || (data[0] & 0xFF) != 0x1f || (data[1] & 0xFF) != 0x8b) {
            return data;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UploadError(pointer, "the gzip'd file cannot be read: " + e.getMessage(), "a gzip file");
        }
    }

    /** The stored form: a ZIP of four IDX files, images {@code N×C×H×W} (rank 4) and labels, unsigned bytes. */
    public static byte[] stored(ImageSet set) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            int[] image = {set.channels(), set.height(), set.width()};
            entry(zip, IDX_NAMES.get(0), set.trainX(), set.trainSamples(), image);
            entry(zip, IDX_NAMES.get(1), set.trainY(), set.trainSamples(), new int[0]);
            entry(zip, IDX_NAMES.get(2), set.testX(), set.testSamples(), image);
            entry(zip, IDX_NAMES.get(3), set.testY(), set.testSamples(), new int[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data, int n, int[] sample)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteBuffer header = ByteBuffer.allocate(8 + 4 * sample.length);
        header.putInt(0x0800 | (1 + sample.length)).putInt(n);
        for (int d : sample) {
            header.putInt(d);
        }
        zip.write(header.array());
        zip.write(data);
        zip.closeEntry();
    }
}
