package io.analogcomposer.engine.analog.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a soft-bounds device to a measured pulse response (the tutorial's {@code fit_measurements}), so a measured
 * device can be used like a preset. The measured states are first normalised to weights in [-1, 1] (the measured
 * range maps to the weight range); then, because a soft-bounds step is linear in the state, a least-squares line of
 * the step against the state per direction gives the step at 0 and the bound where the step vanishes:
 * {@code Δw_up = s_up (1 - w / w_max)}, {@code Δw_down = -s_down (1 - w / w_min)}.
 *
 * @param device the fitted device (soft_bounds, variations from the residuals)
 * @param offset the measured value that maps to weight 0
 * @param scale measured units per weight unit
 * @param residualStd standard deviation of the step residuals relative to the fitted step (the cycle-to-cycle noise)
 */
public record DeviceFit(PulsedDeviceParameters device, double offset, double scale, double residualStd) {

    /**
     * Fits {@code states[t]} (state after pulse t, {@code states[0]} before any pulse) with {@code directions[t]}
     * = +1 (up) or -1 (down) for the pulse that led to state t ({@code directions[0]} is ignored).
     */
    public static DeviceFit softBounds(double[] states, int[] directions) {
        if (states.length != directions.length || states.length < 5) {
            throw new IllegalArgumentException("need at least 5 states with one direction each, got "
                    + states.length + " states and " + directions.length + " directions");
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double s : states) {
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("the measured states do not change; nothing to fit");
        }
        double offset = (hi + lo) / 2, scale = (hi - lo) / 2;
        double[] up = line(states, directions, offset, scale, 1);
        double[] down = line(states, directions, offset, scale, -1);
        // up: Δw = a + b w with a = s_up, b = -s_up / w_max; down: Δw = a + b w with a = -s_down, b = s_down / w_min
        double sUp = up[0], sDown = -down[0];
        if (!(sUp > 0) || !(sDown > 0) || !(up[1] < 0) || !(down[1] < 0)) {
            throw new IllegalArgumentException("the response is not soft-bounds-like (steps must shrink towards the "
                    + "bound in each direction); fitted up " + up[0] + " + " + up[1] + " w, down " + down[0] + " + "
                    + down[1] + " w");
        }
        double wMax = -sUp / up[1], wMin = sDown / down[1];
        double dw = Math.max(sUp, sDown);
        double upDown = sUp >= sDown ? 1 - sDown / sUp : sUp / sDown - 1;
        double resid = Math.sqrt((up[2] + down[2]) / 2);
        PulsedDeviceParameters p = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(dw)
                .upDown(upDown).wMax(wMax).wMin(Math.min(wMin, 0)).dwMinStd(Math.min(resid, 10)).build();
        return new DeviceFit(p, offset, scale, resid);
    }

    /** Least-squares {@code Δw = a + b w} over the pulses of one direction; {@code [a, b, relative residual var]}. */
    private static double[] line(double[] s, int[] dir, double offset, double scale, int which) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int t = 1; t < s.length; t++) {
            if (dir[t] != which) {
                continue;
            }
            double w = (s[t - 1] - offset) / scale, dwv = (s[t] - s[t - 1]) / scale;
            n++;
            sx += w;
            sy += dwv;
            sxx += w * w;
            sxy += w * dwv;
        }
        if (n < 2 || n * sxx - sx * sx == 0) {
            throw new IllegalArgumentException("need at least two " + (which > 0 ? "up" : "down")
                    + " pulses at different states");
        }
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
        double rr = 0;
        int m = 0;
        for (int t = 1; t < s.length; t++) {
            if (dir[t] != which) {
                continue;
            }
            double w = (s[t - 1] - offset) / scale, dwv = (s[t] - s[t - 1]) / scale, fit = a + b * w;
            if (fit != 0) {
                double r = (dwv - fit) / fit;
                rr += r * r;
                m++;
            }
        }
        return new double[]{a, b, m > 0 ? rr / m : 0};
    }

    /**
     * Reads a CSV of {@code pulse,conductance[,direction]} rows (a header line is skipped); without a direction
     * column the first half of the pulses is taken as up and the second half as down (the composer's protocol).
     */
    public static DeviceFit softBoundsCsv(Path csv) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String l = line.trim();
            if (l.isEmpty() || !Character.isDigit(l.charAt(0)) && l.charAt(0) != '-' && l.charAt(0) != '.') {
                continue;
            }
            String[] f = l.split("[,;\\t ]+");
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = Double.parseDouble(f[i]);
            }
            rows.add(r);
        }
        double[] s = new double[rows.size()];
        int[] d = new int[rows.size()];
        for (int t = 0; t < s.length; t++) {
            double[] r = rows.get(t);
            if (r.length < 2) {
                throw new IllegalArgumentException("CSV row " + (t + 1) + " needs pulse,conductance");
            }
            s[t] = r[1];
            d[t] = r.length > 2 ? (int) Math.signum(r[2]) : t <= (s.length - 1) / 2 ? 1 : -1;
        }
        return softBounds(s, d);
    }
}
