package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulseTarget;
import io.analogcomposer.engine.analog.device.PulsedDeviceArray;
import io.analogcomposer.engine.random.Rng;

/**
 * The vector unit-cell tile (AIHWKit's {@code VectorRPUDevice}): one device array per unit-cell device; the
 * coincidences of a sample pulse the device(s) the policy picks, the weight is {@code Σ gamma_k w_k}; the update
 * management uses the devices' average dw_min.
 */
public final class VectorTile implements AnalogUpdateTile {
    private final int out, in;
    private final VectorUnitCell par;
    private final PulsedDeviceArray[] devices;
    private final float[] gamma;
    private final float[] visible;
    private final PulsedTile tile;
    private final Cell cell;
    private final Rng select;
    private int current;

    /** Draws every device array; weights start at 0. */
    public VectorTile(int out, int in, VectorUnitCell par, UpdateParameters update, Rng rng) {
        this.out = out;
        this.in = in;
        this.par = par;
        int n = par.unitCellDevices().size();
        this.devices = new PulsedDeviceArray[n];
        this.gamma = new float[n];
        for (int k = 0; k < n; k++) {
            devices[k] = PulsedDeviceArray.create(par.unitCellDevices().get(k), out, in, rng.split(10 + k));
            gamma[k] = (float) par.gamma(k);
        }
        this.visible = new float[out * in];
        this.select = rng.split(3);
        this.current = par.firstUpdateIdx();
        this.cell = new Cell();
        this.tile = new PulsedTile(out, in, cell, par.unitCellDevices().get(0), update, rng.split(4));
        recompute();
    }

    /** The cell as a pulse target for a compound that counts its own pulses (mixed precision over a vector cell). */
    PulseTarget pulseTarget() {
        return cell;
    }

    /** Device {@code k}'s array. */
    public PulsedDeviceArray device(int k) {
        return devices[k];
    }

    /** The device that took the last sample's pulses (meaningless with policy {@code all}). */
    public int currentDevice() {
        return current;
    }

    private final class Cell implements PulseTarget {
        @Override
        public void startSample() {
            switch (par.updatePolicy()) {
                case SINGLE_RANDOM -> current = select.nextInt(devices.length);
                case SINGLE_SEQUENTIAL -> current = (current + 1) % devices.length;
                default -> {
                }
            }
        }

        @Override
        public void pulse(int k, int n, boolean down, Rng r) {
            if (par.updatePolicy() == VectorUnitCell.Policy.ALL) {
                for (PulsedDeviceArray d : devices) {
                    d.pulse(k, n, down, r);
                }
            } else {
                devices[current].pulse(k, n, down, r);
            }
            visible[k] = reduce(k);
        }

        @Override
        public float[] weights() {
            return visible;
        }

        /** Every device takes the weights, or only the fixed one with single_fixed (AIHWKit's onSetWeights). */
        @Override
        public void setWeights(float[] w, Rng r) {
            for (int k = 0; k < devices.length; k++) {
                if (par.updatePolicy() != VectorUnitCell.Policy.SINGLE_FIXED || k == par.firstUpdateIdx()) {
                    devices[k].setWeights(w, r);
                }
            }
            current = par.firstUpdateIdx();
            recompute();
        }

        @Override
        public void afterUpdate(Rng r) {
            for (PulsedDeviceArray d : devices) {
                d.afterUpdate(r);
            }
            recompute();
        }

        @Override
        public void addDirect(float[] delta, Rng r) {
            if (par.updatePolicy() == VectorUnitCell.Policy.ALL) {
                for (PulsedDeviceArray d : devices) {
                    d.addDirect(delta, r);
                }
            } else {
                devices[current].addDirect(delta, r);
            }
            recompute();
        }

        @Override
        public double dwMin() {
            double s = 0;
            for (PulsedDeviceArray d : devices) {
                s += d.dwMin();
            }
            return s / devices.length;
        }
    }

    private float reduce(int k) {
        float w = 0;
        for (int m = 0; m < devices.length; m++) {
            w += gamma[m] * devices[m].weights()[k];
        }
        return w;
    }

    private void recompute() {
        for (int k = 0; k < visible.length; k++) {
            visible[k] = reduce(k);
        }
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
    }

    @Override
    public long pulseCount() {
        return tile.pulseCount();
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
