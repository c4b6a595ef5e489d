package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulseTarget;
import io.analogcomposer.engine.analog.device.PulsedDeviceArray;
import io.analogcomposer.engine.random.Rng;

/**
 * The one-sided pair tile (AIHWKit's {@code OneSidedRPUDevice}): gradient coincidences pulse g+ or g- up, the weight
 * is their difference, and the refresh resets saturated pairs and rewrites their difference with pulses. The refresh
 * reads the device weights exactly (AIHWKit reads them with a one-hot MVM per column, which costs a full MVM per
 * column and only adds read noise to the rewritten difference).
 */
public final class OneSidedTile implements AnalogUpdateTile {
    private final int out, in;
    private final OneSidedUnitCell par;
    private final PulsedDeviceArray gp, gm;
    private final float[] visible;
    private final PulsedTile tile, refreshP, refreshM;
    private final Pair pair;
    private final Rng rng;
    private final float[] oneHot, vecP, vecM;
    private long batches;

    /** Draws both device arrays; weights start at 0. */
    public OneSidedTile(int out, int in, OneSidedUnitCell par, UpdateParameters update, Rng rng) {
        this.out = out;
        this.in = in;
        this.par = par;
        this.gp = PulsedDeviceArray.create(par.unitCellDevices().get(0), out, in, rng.split(1));
        this.gm = PulsedDeviceArray.create(par.unitCellDevices().get(1), out, in, rng.split(2));
        this.visible = new float[out * in];
        this.rng = rng.split(3);
        this.pair = new Pair();
        this.tile = new PulsedTile(out, in, pair, par.unitCellDevices().get(0), update, rng.split(4));
        this.refreshP = new PulsedTile(out, in, gp, par.unitCellDevices().get(0), par.refreshUpdate(), rng.split(5));
        this.refreshM = new PulsedTile(out, in, gm, par.unitCellDevices().get(1), par.refreshUpdate(), rng.split(6));
        this.oneHot = new float[in];
        this.vecP = new float[out];
        this.vecM = new float[out];
        recompute();
    }

    /** The pair as one pulse target: raising pulses go to g+, lowering ones to g-, both in the up direction. */
    private final class Pair implements PulseTarget {
        @Override
        public void pulse(int k, int n, boolean down, Rng r) {
            if (down) {
                gm.pulse(k, n, false, r);
            } else {
                gp.pulse(k, n, false, r);
            }
            visible[k] = gp.weights()[k] - gm.weights()[k];
        }

        @Override
        public float[] weights() {
            return visible;
        }

        @Override
        public void setWeights(float[] w, Rng r) {
            float[] p = new float[w.length], m = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                p[k] = Math.max(w[k], 0f); // AIHWKit: the positive part on g+, the negative on g-
                m[k] = Math.max(-w[k], 0f);
            }
            gp.setWeights(p, r);
            gm.setWeights(m, r);
            recompute();
        }

        @Override
        public void afterUpdate(Rng r) {
            gp.afterUpdate(r);
            gm.afterUpdate(r);
            recompute();
        }

        @Override
        public void addDirect(float[] delta, Rng r) {
            float[] p = new float[delta.length], m = new float[delta.length];
            for (int k = 0; k < delta.length; k++) {
                p[k] = Math.max(delta[k], 0f);
                m[k] = Math.max(-delta[k], 0f);
            }
            gp.addDirect(p, r);
            gm.addDirect(m, r);
            recompute();
        }

        @Override
        public double dwMin() {
            return gp.dwMin();
        }
    }

    private void recompute() {
        float[] p = gp.weights(), m = gm.weights();
        for (int k = 0; k < visible.length; k++) {
            visible[k] = p[k] - m[k];
        }
    }

    /** g+ devices. */
    public PulsedDeviceArray plus() {
        return gp;
    }

    /** g- devices. */
    public PulsedDeviceArray minus() {
        return gm;
    }

    @Override
    public float[] weights() {
        return visible;
    }

    @Override
    public void setWeights(float[] w) {
        tile.setWeights(w);
    }

    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        tile.update(x, d, batch, lr);
        finishUpdate();
    }

    /**
     * The pair as a pulse target for a compound that counts its own pulses (mixed precision over a one-sided cell):
     * raising pulses go to g+, lowering ones to g-.
     */
    PulseTarget pulseTarget() {
        return pair;
    }

    /** Ends one update cycle: per-batch device effects, then the refresh check every refresh_every cycles. */
    void finishUpdate() {
        batches++;
        if (par.refreshEvery() > 0 && batches % par.refreshEvery() == 0) {
            refresh();
        }
    }

    /** Resets saturated pairs and writes their difference back onto the larger side; returns the refreshed count. */
    int refresh() {
        double wMax = Math.abs(gp.parameters().wMax()), wMin = Math.abs(gm.parameters().wMax());
        double up = par.refreshUpperThres(), lo = par.refreshLowerThres();
        float[] p = gp.weights(), m = gm.weights();
        int count = 0;
        for (int j = 0; j < in; j++) {
            boolean anyP = false, anyM = false;
            for (int i = 0; i < out; i++) {
                int k = i * in + j;
                float wp = p[k], wm = m[k];
                vecP[i] = 0f;
                vecM[i] = 0f;
                boolean refresh = wp > wm
                        ? wp / wMax > up && wm / wMin > lo
                        : wp / wMax > lo && wm / wMin > up;
                if (refresh) {
                    if (wp > wm) {
                        vecP[i] = -(wp - wm); // d < 0 with x = 1: up pulses adding the difference
                        anyP = true;
                    } else {
                        vecM[i] = -(wm - wp);
                        anyM = true;
                    }
                    gp.resetAt(k, rng);
                    gm.resetAt(k, rng);
                    count++;
                }
            }
            if (anyP || anyM) {
                oneHot[j] = 1f;
                if (anyP) {
                    refreshP.update(oneHot, vecP, 1, 1.0);
                }
                if (anyM) {
                    refreshM.update(oneHot, vecM, 1, 1.0);
                }
                oneHot[j] = 0f;
            }
        }
        recompute();
        return count;
    }

    @Override
    public long pulseCount() {
        return tile.pulseCount() + refreshP.pulseCount() + refreshM.pulseCount();
    }

    @Override
    public int outSize() {
        return out;
    }

    @Override
    public int inSize() {
        return in;
    }
}
