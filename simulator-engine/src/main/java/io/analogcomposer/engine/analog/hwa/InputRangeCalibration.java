package io.analogcomposer.engine.analog.hwa;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.nn.AnalogLayer;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Post-training calibration of the DAC input ranges (AIHWKit's {@code calibrate_input_ranges}): data is passed
 * through the trained network, each analog layer's tile inputs are observed (all-zero rows, e.g. convolution padding,
 * left out), and every layer gets a fixed input range from them; layers without one get one that is not learned, so
 * noise management gives way to the calibrated range as in AIHWKit. Strategies:
 * <ul>
 * <li>{@code MOVING_STD}: running mean over batches of {@code std_alpha · std(x)} (the first {@code max_samples}
 * batches);</li>
 * <li>{@code MOVING_QUANTILE}: running mean over batches of the {@code quantile} of the inputs ({@code |x|} max for
 * quantile 1);</li>
 * <li>{@code CACHE_QUANTILE}: the quantile over up to {@code max_samples} input rows kept uniformly at random;</li>
 * <li>{@code MAX}: the largest |x| seen.</li>
 * </ul>
 * For the two last the pass runs with a perfect forward (as AIHWKit does), then the layers' own forward is restored.
 * The running means start from each layer's range before calibration, as AIHWKit's do.
 */
public final class InputRangeCalibration {

    /** AIHWKit's {@code InputRangeCalibrationType}. */
    public enum Type {
        NONE, MOVING_STD, MOVING_QUANTILE, CACHE_QUANTILE, MAX
    }

    /**
     * @param quantile   quantile of the input values for the quantile strategies (AIHWKit's default 0.99995)
     * @param maxSamples rows kept by {@code CACHE_QUANTILE}, batches used by {@code MOVING_STD} (default 1000)
     * @param stdAlpha   standard deviations of {@code MOVING_STD}; null: each layer's {@code init_std_alpha}
     * @param batches    batches of the data passed through the network
     */
    public record Settings(Type type, double quantile, int maxSamples, Double stdAlpha, int batches) {
        public Settings {
            if (type == null) {
                throw new IllegalArgumentException("input range calibration needs a type");
            }
            if (!(quantile > 0 && quantile <= 1)) {
                throw new IllegalArgumentException("calibration quantile must be in (0, 1], got " + quantile);
            }
            if (maxSamples < 1 || batches < 1) {
                throw new IllegalArgumentException("calibration max_samples and batches must be >= 1, got "
                        + maxSamples + ", " + batches);
            }
            if (stdAlpha != null && !(stdAlpha > 0)) {
                throw new IllegalArgumentException("calibration std_alpha must be > 0, got " + stdAlpha);
            }
        }
    }

    private InputRangeCalibration() {
    }

    /** Calibrates every analog layer of {@code model}; returns the ranges set, in forward order. */
    public static List<Double> calibrate(Module model, BatchLoader data, Settings s, Rng rng) {
        List<AnalogLayer> layers = AnalogNetworks.analogLayers(model);
        if (s.type() == Type.NONE || layers.isEmpty()) {
            return List.of();
        }
        boolean perfect = s.type() == Type.MAX || s.type() == Type.CACHE_QUANTILE;
        List<IOParameters> forward = new ArrayList<>();
        List<Collector> collectors = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            AnalogLayer layer = layers.get(k);
            if (layer.inputRangeValue() == 0) {
                layer.setInputRange(layer.config().inputRange().initValue());
            }
            forward.add(layer.config().forward());
            if (perfect) {
                layer.setForwardParameters(layer.config().forward().toBuilder().isPerfect(true).build());
            }
            double alpha = s.stdAlpha() != null ? s.stdAlpha() : layer.config().inputRange().initStdAlpha();
            Collector c = new Collector(s, alpha, layer.inputRangeValue(), rng.split(k));
            collectors.add(c);
            layer.observeInputs(c::observe);
        }
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            int batches = Math.min(s.batches(), data.batches());
            data.startEpoch(0);
            for (int b = 0; b < batches; b++) {
                model.forward(data.batch(b).inputs());
            }
        } finally {
            for (int k = 0; k < layers.size(); k++) {
                layers.get(k).observeInputs(null);
                if (perfect) {
                    layers.get(k).setForwardParameters(forward.get(k));
                }
            }
            model.train(wasTraining);
        }
        List<Double> ranges = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            double r = collectors.get(k).range();
            if (r > 0) {
                layers.get(k).setInputRange(r);
            }
            ranges.add(layers.get(k).inputRangeValue());
        }
        return ranges;
    }

    /** The statistics of one layer's inputs. */
    private static final class Collector {
        final Settings s;
        final double stdAlpha;
        final Rng rng;
        double moving;
        int updates;
        double max;
        final List<float[]> cache = new ArrayList<>();
        long rowsSeen;

        Collector(Settings s, double stdAlpha, double start, Rng rng) {
            this.s = s;
            this.stdAlpha = stdAlpha;
            this.moving = start;
            this.rng = rng;
        }

        void observe(float[] x, int n, int width) {
            List<float[]> rows = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                boolean zero = true;
                for (int j = 0; j < width && zero; j++) {
                    zero = x[b * width + j] == 0f;
                }
                if (!zero) {
                    rows.add(Arrays.copyOfRange(x, b * width, (b + 1) * width));
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            switch (s.type()) {
                case MAX -> {
                    for (float[] r : rows) {
                        for (float v : r) {
                            max = Math.max(max, Math.abs(v));
                        }
                    }
                }
                case CACHE_QUANTILE -> {
                    // reservoir sampling: every row seen so far is kept with the same probability
                    for (float[] r : rows) {
                        rowsSeen++;
                        if (cache.size() < s.maxSamples()) {
                            cache.add(r);
                        } else {
                            long j = (long) (rng.nextDouble() * rowsSeen);
                            if (j < s.maxSamples()) {
                                cache.set((int) j, r);
                            }
                        }
                    }
                }
                case MOVING_QUANTILE -> update(s.quantile() == 1.0 ? absMax(rows) : quantile(rows, s.quantile()));
                case MOVING_STD -> {
                    if (updates < s.maxSamples()) {
                        update(stdAlpha * std(rows));
                    }
                }
                case NONE -> {
                }
            }
        }

        private void update(double value) {
            if (value > 0) {
                moving = (moving * updates + value) / (updates + 1);
                updates++;
            }
        }

        double range() {
            return switch (s.type()) {
                case MAX -> max;
                case CACHE_QUANTILE -> cache.isEmpty() ? 0 : quantile(cache, s.quantile());
                case MOVING_QUANTILE, MOVING_STD -> updates == 0 ? 0 : moving;
                case NONE -> 0;
            };
        }
    }

    private static double absMax(List<float[]> rows) {
        double m = 0;
        for (float[] r : rows) {
            for (float v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** The q-quantile of all values, linearly interpolated between order statistics (as torch.quantile). */
    static double quantile(List<float[]> rows, double q) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, all, at, r.length);
            at += r.length;
        }
        Arrays.sort(all);
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        return all[lo] + (pos - lo) * (all[hi] - all[lo]);
    }

    /** The sample standard deviation (n − 1) of all values. */
    static double std(List<float[]> rows) {
        double sum = 0, sum2 = 0;
        long n = 0;
        for (float[] r : rows) {
            for (float v : r) {
                sum += v;
                sum2 += (double) v * v;
                n++;
            }
        }
        if (n < 2) {
            return 0;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1)));
    }
}
