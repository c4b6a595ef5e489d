package io.analogcomposer.worker.hardware.chip;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import io.analogcomposer.chip.ChipGeometry;

/**
 * Places weight matrices on a chip. The Fusion chip stores weights and computes nothing (tutorial Sec. VI.4), so
 * any device can hold any weight: layers go one after the other on consecutive addresses (word line by word line),
 * skipping excluded devices (known stuck or worn out), starting at {@code firstAddress} and wrapping around, so
 * that successive jobs can spread wear over the chip.
 */
public final class ChipPlacer {

    private ChipPlacer() {
    }

    /**
     * @throws ModelDoesNotFitException when the model has more weights than the chip has usable devices, before
     *             anything is programmed
     */
    public static Placement place(ChipGeometry geometry, List<LayerShape> layers, BitSet excluded, int firstAddress) {
        int devices = Math.toIntExact(geometry.devices());
        if (firstAddress < 0 || firstAddress >= devices) {
            throw new IllegalArgumentException("first_address is " + firstAddress + ", allowed 0.." + (devices - 1));
        }
        BitSet bad = excluded == null ? new BitSet() : excluded.get(0, devices);
        long excludedCount = bad.cardinality();
        long usable = devices - excludedCount;
        long required = layers.stream().mapToLong(LayerShape::weights).sum();
        if (required > usable) {
            StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                    "the model needs %,d devices (one per weight) but the %d×%d chip has %,d usable (%,d devices, "
                            + "%,d excluded): %,d too many, %.1f %% of the chip. Layers:",
                    required, geometry.wordLines(), geometry.bitLines(), usable, geometry.devices(), excludedCount,
                    required - usable, 100.0 * required / geometry.devices()));
            for (LayerShape layer : layers) {
                message.append(String.format(Locale.ROOT, " %s %d×%d = %,d;", layer.name(), layer.rows(),
                        layer.columns(), layer.weights()));
            }
            throw new ModelDoesNotFitException(message.toString(), required, usable);
        }
        List<LayerPlacement> placed = new ArrayList<>(layers.size());
        int next = firstAddress;
        for (LayerShape layer : layers) {
            int[] addresses = new int[Math.toIntExact(layer.weights())];
            for (int i = 0; i < addresses.length; i++) {
                while (bad.get(next)) {
                    next = (next + 1) % devices;
                }
                addresses[i] = next;
                next = (next + 1) % devices;
            }
            placed.add(new LayerPlacement(layer, addresses));
        }
        return new Placement(geometry, placed, required, excludedCount);
    }

    public static Placement place(ChipGeometry geometry, List<LayerShape> layers) {
        return place(geometry, layers, null, 0);
    }
}
