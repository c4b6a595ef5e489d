package io.analogcomposer.worker.hardware.chip;

import java.util.List;

import io.analogcomposer.chip.ChipGeometry;

/**
 * A model's weights mapped onto a chip, one device per weight. {@link #utilisation()} is the fraction of the chip's
 * devices in use.
 */
public record Placement(ChipGeometry geometry, List<LayerPlacement> layers, long usedDevices, long excludedDevices) {

    public Placement {
        layers = List.copyOf(layers);
    }

    public double utilisation() {
        return (double) usedDevices / geometry.devices();
    }

    public int[] allAddresses() {
        int[] all = new int[Math.toIntExact(usedDevices)];
        int k = 0;
        for (LayerPlacement layer : layers) {
            System.arraycopy(layer.addresses(), 0, all, k, layer.addresses().length);
            k += layer.addresses().length;
        }
        return all;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d layers, %d of %d devices (%.2f %%)", layers.size(),
                usedDevices, geometry.devices(), 100 * utilisation());
    }
}
