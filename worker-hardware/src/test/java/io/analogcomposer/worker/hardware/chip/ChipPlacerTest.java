package io.analogcomposer.worker.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;

class ChipPlacerTest {

    /** The composer's LeNet5 analog layers, as in its Fusion CSV (outputs × inputs). */
    static final List<LayerShape> LENET5 = List.of(new LayerShape("0", 16, 25), new LayerShape("3", 32, 400),
            new LayerShape("8", 128, 512), new LayerShape("10", 10, 128));

    @Test
    void lenet5UsesUnderEightPercentOfAFusionChip() {
        Placement placement = ChipPlacer.place(ChipGeometry.FUSION, LENET5);
        assertThat(placement.usedDevices()).isEqualTo(80016);
        assertThat(placement.utilisation()).isEqualTo(80016 / 1048576.0);
        assertThat(placement.summary()).isEqualTo("4 layers, 80016 of 1048576 devices (7.63 %)");
        Set<Integer> seen = new HashSet<>();
        for (int a : placement.allAddresses()) {
            assertThat(seen.add(a)).as("address %d used once", a).isTrue();
        }
        // Layer 8 starts where layer 3 ended: 400 + 12800 devices in.
        assertThat(placement.layers().get(2).addresses()[0]).isEqualTo(13200);
    }

    @Test
    void aModelLargerThanTheChipIsRefusedWithTheNumbers() {
        List<LayerShape> big = List.of(new LayerShape("fc1", 2048, 512), new LayerShape("fc2", 10, 2048));
        assertThatThrownBy(() -> ChipPlacer.place(ChipGeometry.FUSION, big))
                .isInstanceOfSatisfying(ModelDoesNotFitException.class, e -> {
                    assertThat(e.requiredDevices()).isEqualTo(1_069_056);
                    assertThat(e.usableDevices()).isEqualTo(1_048_576);
                    assertThat(e.getMessage()).contains("needs 1,069,056 devices").contains("has 1,048,576 usable")
                            .contains("20,480 too many").contains("fc1 2048×512 = 1,048,576");
                });
    }

    @Test
    void excludedDevicesAreSkippedAndCountAgainstTheChip() {
        ChipGeometry tiny = new ChipGeometry(2, 4);
        BitSet excluded = new BitSet();
        excluded.set(1);
        excluded.set(2);
        Placement placement = ChipPlacer.place(tiny, List.of(new LayerShape("a", 2, 2)), excluded, 0);
        assertThat(placement.allAddresses()).containsExactly(0, 3, 4, 5);
        assertThatThrownBy(() -> ChipPlacer.place(tiny, List.of(new LayerShape("a", 2, 4)), excluded, 0))
                .hasMessageContaining("has 6 usable (8 devices, 2 excluded)");
    }

    @Test
    void placementCanStartAnywhereAndWrapsAroundToSpreadWear() {
        Placement placement = ChipPlacer.place(new ChipGeometry(2, 4), List.of(new LayerShape("a", 1, 4)), null, 6);
        assertThat(placement.allAddresses()).containsExactly(6, 7, 0, 1);
    }
}
