package io.analogcomposer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A LeNet5-shaped Fusion conductance file that the project writes itself, for the tests that upload, route, program
 * and return one (the IBM composer's own sample stays out of the repository: its licence is unknown). It has the
 * composer sample's layout (AIHWKit's {@code fusion_export}: five header rows with one column per analog layer, a
 * row of layer names, one row per layer; header rows end with LF, conductance rows with CR LF) and its shape: layers
 * 0, 3, 8, 10 of LeNet5 ({@code AnalogConv2dMapped} 16×25 and 32×400, {@code AnalogLinearMapped} 128×512 and
 * 10×128, 80,016 conductances). The values imitate the sample's distribution, so the programming-noise and drift
 * statistics the tests check mean the same: about exponential with a mean of 6 to 8 µS, 3 % exactly 0, at most
 * about 34 µS, on the sample's grid of 0.0308070475656172 µS. Deterministic (fixed seed), so a test can compare
 * bytes.
 */
public final class FusionSample {

    public static final String FILE_NAME = "analog_fusion_lenet5.csv";

    /** Layers' module ids, classes, heights, widths and names, as AIHWKit exports LeNet5. */
    private static final int[] IDS = {1, 4, 9, 11};
    private static final String[] CLASSES = {"AnalogConv2dMapped", "AnalogConv2dMapped", "AnalogLinearMapped",
            "AnalogLinearMapped"};
    private static final int[] HEIGHTS = {16, 32, 128, 10};
    private static final int[] WIDTHS = {25, 400, 512, 128};
    private static final String[] NAMES = {"0", "3", "8", "10"};
    /** The mean conductance of each layer in the composer's sample (µS). */
    private static final double[] MEANS_US = {7.9, 6.2, 6.2, 7.2};
    private static final double GRID_US = 0.0308070475656172;
    private static final int MAX_STEPS = 1100; // 33.9 µS

    public static final int TOTAL_CONDUCTANCES = 16 * 25 + 32 * 400 + 128 * 512 + 10 * 128;

    private static volatile Path written;

    private FusionSample() {
    }

    /** The file's text. */
    public static String text() {
        StringBuilder out = new StringBuilder(1_200_000);
        header(out, i -> String.valueOf(IDS[i]));
        header(out, i -> CLASSES[i]);
        header(out, i -> String.valueOf(HEIGHTS[i] * WIDTHS[i]));
        header(out, i -> String.valueOf(HEIGHTS[i]));
        header(out, i -> String.valueOf(WIDTHS[i]));
        header(out, i -> NAMES[i]);
        Random random = new Random(20_240_605L);
        for (int l = 0; l < IDS.length; l++) {
            int n = HEIGHTS[l] * WIDTHS[l];
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(conductance(random, MEANS_US[l]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** The file's bytes (UTF-8, as uploaded). */
    public static byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The file, written once per JVM into a temporary directory under its usual name {@value #FILE_NAME}. */
    public static Path file() {
        Path file = written;
        if (file == null) {
            synchronized (FusionSample.class) {
                if (written == null) {
                    try {
                        Path dir = Files.createTempDirectory("fusion-sample");
                        Path f = Files.write(dir.resolve(FILE_NAME), bytes());
                        f.toFile().deleteOnExit();
                        dir.toFile().deleteOnExit();
                        written = f;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the Fusion sample", e);
                    }
                }
                file = written;
            }
        }
        return file;
    }

    private static void header(StringBuilder out, java.util.function.IntFunction<String> cell) {
        for (int i = 0; i < IDS.length; i++) {
            out.append(i == 0 ? "" : ",").append(cell.apply(i));
        }
        out.append('\n');
    }

    /**
     * One value: 0 with probability 3 %, otherwise exponential on the grid. Values are at least one grid step
     * (0.03 µS), where Java's shortest representation of a double is the same text as Python's {@code repr}.
     */
    private static String conductance(Random random, double mean) {
        if (random.nextDouble() < 0.03) {
            return "0.0";
        }
        long steps = Math.round(-Math.log(1 - random.nextDouble()) * mean / GRID_US);
        steps = Math.clamp(steps, 1, MAX_STEPS);
        return Double.toString(steps * GRID_US);
    }
}
