package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.random.Rng;

/**
 * The pulse response the composer shows for a device: starting from 0, {@code n} up pulses then {@code n} down pulses
 * on {@code devices} independently drawn devices; mean and standard deviation over the devices of the weight seen by
 * the MVMs after each pulse (index 0 is the start).
 *
 * @param mean mean weight after each pulse, length {@code 2n + 1}
 * @param std standard deviation over devices after each pulse
 * @param pulses {@code +1} for an up pulse, {@code -1} for a down pulse, {@code 0} for the start
 */
public record ResponseCurve(double[] mean, double[] std, int[] pulses) {

    /**
     * The curve as a JSON-ready map ({@code pulse}, {@code mean}, {@code std} lists), what the composer's preset
     * explorer and {@code aimc response-curve} print.
     */
    public java.util.Map<String, Object> toJson() {
        java.util.List<Integer> p = new java.util.ArrayList<>();
        java.util.List<Double> m = new java.util.ArrayList<>(), s = new java.util.ArrayList<>();
        for (int i = 0; i < mean.length; i++) {
            p.add(pulses[i]);
            m.add(mean[i]);
            s.add(std[i]);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("pulse", p);
        out.put("mean", m);
        out.put("std", s);
        return out;
    }

    /** N up then N down pulses. */
    public static ResponseCurve upDown(PulsedDeviceParameters device, int nPulses, int devices, long seed) {
        int[] seq = new int[2 * nPulses + 1];
        for (int i = 1; i <= 2 * nPulses; i++) {
            seq[i] = i <= nPulses ? 1 : -1;
        }
        return run(device, seq, devices, seed);
    }

    /**
     * The symmetry-point sequence: {@code nPulses} alternating up/down pulses from 0; a device with a state-dependent
     * asymmetry drifts to (and then stays at) its symmetry point.
     */
    public static ResponseCurve alternating(PulsedDeviceParameters device, int nPulses, int devices, long seed) {
        int[] seq = new int[nPulses + 1];
        for (int i = 1; i <= nPulses; i++) {
            seq[i] = i % 2 == 1 ? 1 : -1;
        }
        return run(device, seq, devices, seed);
    }

    private static ResponseCurve run(PulsedDeviceParameters device, int[] seq, int devices, long seed) {
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1, got " + devices);
        }
        Rng rng = new Rng(seed);
        PulsedDeviceArray a = PulsedDeviceArray.create(device, 1, devices, rng.split(1));
        Rng pulses = rng.split(2);
        double[] mean = new double[seq.length], std = new double[seq.length];
        for (int t = 0; t < seq.length; t++) {
            if (seq[t] != 0) {
                for (int k = 0; k < devices; k++) {
                    a.pulse(k, 1, seq[t] < 0, pulses);
                }
            }
            double s = 0, s2 = 0;
            float[] w = a.weights();
            for (int k = 0; k < devices; k++) {
                s += w[k];
                s2 += (double) w[k] * w[k];
            }
            mean[t] = s / devices;
            std[t] = Math.sqrt(Math.max(s2 / devices - mean[t] * mean[t], 0));
        }
        return new ResponseCurve(mean, std, seq);
    }
}
