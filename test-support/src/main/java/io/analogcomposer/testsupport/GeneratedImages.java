package io.analogcomposer.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small labelled image dataset the tests make, learnable in one epoch: class {@code k} lights up the {@code k}-th
 * horizontal band of the image, with noise. Written as an upload would be (a CSV of pixels with a split column) or
 * as the composer stores uploads (a ZIP of four IDX files, images {@code N×C×H×W}).
 *
 * @param train training samples; the test set has a quarter as many
 */
public record GeneratedImages(int train, int channels, int height, int width, int classes, long seed) {

    public int test() {
        return Math.max(1, train / 4);
    }

    /** Pixels (0..255, channel-first) and labels of one split. */
    private record Split(byte[] pixels, byte[] labels) {}

    private Split split(int n, long splitSeed) {
        Random random = new Random(splitSeed);
        int per = channels * height * width;
        byte[] pixels = new byte[n * per];
        byte[] labels = new byte[n];
        int band = Math.max(1, height / classes);
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            labels[i] = (byte) label;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        boolean lit = y / band == label;
                        int v = (lit ? 200 : 30) + random.nextInt(40) - 20;
                        pixels[i * per + (c * height + y) * width + x] = (byte) Math.clamp(v, 0, 255);
                    }
                }
            }
        }
        return new Split(pixels, labels);
    }

    /** The stored form of an upload: a ZIP of the four IDX files, images rank 4 ({@code N×C×H×W}). */
    public byte[] storedZip() {
        Split tr = split(train, seed), te = split(test(), seed + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            int[] image = {channels, height, width};
            idx(zip, "train-images-idx3-ubyte", tr.pixels(), train, image);
            idx(zip, "train-labels-idx1-ubyte", tr.labels(), train, new int[0]);
            idx(zip, "t10k-images-idx3-ubyte", te.pixels(), test(), image);
            idx(zip, "t10k-labels-idx1-ubyte", te.labels(), test(), new int[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void idx(ZipOutputStream zip, String name, byte[] data, int n, int[] sample) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(946_684_800_000L); // fixed, so the same images give the same bytes (and digest)
        zip.putNextEntry(entry);
        ByteBuffer header = ByteBuffer.allocate(8 + 4 * sample.length);
        header.putInt(0x0800 | (1 + sample.length)).putInt(n);
        for (int d : sample) {
            header.putInt(d);
        }
        zip.write(header.array());
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * A CSV upload: a header {@code label,split,p0,...}, one row per image (channel-first pixels 0..255). Send it
     * with {@code shape=C,H,W} when the image is not a single square channel.
     */
    public byte[] csv() {
        StringBuilder b = new StringBuilder("label,split");
        int per = channels * height * width;
        for (int p = 0; p < per; p++) {
            b.append(",p").append(p);
        }
        b.append('\n');
        rows(b, split(train, seed), train, "train", per);
        rows(b, split(test(), seed + 1), test(), "test", per);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void rows(StringBuilder b, Split s, int n, String split, int per) {
        for (int i = 0; i < n; i++) {
            b.append(s.labels()[i]).append(',').append(split);
            for (int p = 0; p < per; p++) {
                b.append(',').append(s.pixels()[i * per + p] & 0xFF);
            }
            b.append('\n');
        }
    }
}
