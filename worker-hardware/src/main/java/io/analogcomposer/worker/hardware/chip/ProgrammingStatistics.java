package io.analogcomposer.worker.hardware.chip;

import java.util.List;

/**
 * How well the programmed (measured) conductances match the targets, over the devices that reported success.
 *
 * @param devices devices programmed
 * @param failedDevices devices the chip reported as not converged (stuck, worn out, out of iterations)
 * @param meanErrorUs mean of measured − target (µS)
 * @param stdErrorUs std of measured − target (µS)
 * @param rmsErrorUs root mean square of measured − target (µS)
 * @param normalizedErrorStdPercent std of 100·(measured·Σtarget/Σmeasured − target)/g_max, the error measure of
 *            AIHWKit's Fusion notebook (the ratio of sums removes a common drift)
 * @param histogram error histogram (µS)
 * @param scatter up to {@link #SCATTER_POINTS} (target, measured) pairs, evenly sampled, for a scatter plot
 */
public record ProgrammingStatistics(long devices, long failedDevices, double meanErrorUs, double stdErrorUs,
        double rmsErrorUs, double normalizedErrorStdPercent, Histogram histogram, List<float[]> scatter) {

    public static final int SCATTER_POINTS = 5000;
    public static final int HISTOGRAM_BINS = 50;

    /** Bin counts over [lowUs, highUs) in equal bins. */
    public record Histogram(double lowUs, double highUs, long[] counts) {}

    static ProgrammingStatistics of(float[] targets, float[] measured, boolean[] failed, double gMaxUs) {
        int n = targets.length;
        long ok = 0;
        double sum = 0;
        double sumSquares = 0;
        double targetSum = 0;
        double measuredSum = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (failed[i]) {
                continue;
            }
            double error = measured[i] - targets[i];
            ok++;
            sum += error;
            sumSquares += error * error;
            targetSum += Math.abs(targets[i]);
            measuredSum += Math.abs(measured[i]);
            low = Math.min(low, error);
            high = Math.max(high, error);
        }
        if (ok == 0) {
            return new ProgrammingStatistics(n, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    new Histogram(0, 0, new long[HISTOGRAM_BINS]), List.of());
        }
        double mean = sum / ok;
        double std = ok > 1 ? Math.sqrt(Math.max(0, (sumSquares - ok * mean * mean) / (ok - 1))) : 0;
        double rms = Math.sqrt(sumSquares / ok);
        double ratio = measuredSum > 0 ? targetSum / measuredSum : 1;
        double normSum = 0;
        double normSquares = 0;
        long[] counts = new long[HISTOGRAM_BINS];
        double width = high > low ? (high - low) / HISTOGRAM_BINS : 1;
        for (int i = 0; i < n; i++) {
            if (failed[i]) {
                continue;
            }
            double normalized = 100 * (measured[i] * ratio - targets[i]) / gMaxUs;
            normSum += normalized;
            normSquares += normalized * normalized;
            int bin = (int) ((measured[i] - targets[i] - low) / width);
            counts[Math.min(Math.max(bin, 0), HISTOGRAM_BINS - 1)]++;
        }
        double normMean = normSum / ok;
        double normStd = ok > 1 ? Math.sqrt(Math.max(0, (normSquares - ok * normMean * normMean) / (ok - 1))) : 0;
        int step = Math.max(1, n / SCATTER_POINTS);
        List<float[]> scatter = new java.util.ArrayList<>(Math.min(n, SCATTER_POINTS));
        for (int i = 0; i < n && scatter.size() < SCATTER_POINTS; i += step) {
            scatter.add(new float[]{targets[i], measured[i]});
        }
        return new ProgrammingStatistics(n, n - ok, mean, std, rms, normStd,
                new Histogram(low, low + width * HISTOGRAM_BINS, counts), List.copyOf(scatter));
    }
}
