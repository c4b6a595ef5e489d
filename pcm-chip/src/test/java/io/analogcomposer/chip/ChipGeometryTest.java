package io.analogcomposer.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChipGeometryTest {

    @Test
    void fusionChipHasOneMillionDevices() {
        assertThat(ChipGeometry.FUSION.devices()).isEqualTo(512L * 2048);
    }

    @Test
    void addressesOutsideTheChipNameTheCoordinateAndRange() {
        assertThatThrownBy(() -> ChipGeometry.FUSION.checkAddress(512, 0)).hasMessageContaining("word line 512")
                .hasMessageContaining("0..511");
        assertThatThrownBy(() -> ChipGeometry.FUSION.checkAddress(0, -1)).hasMessageContaining("bit line -1")
                .hasMessageContaining("0..2047");
        ChipGeometry.FUSION.checkAddress(511, 2047);
    }

    @Test
    void lenetSecondLayerFitsButAWideLayerDoesNot() {
        assertThat(ChipGeometry.FUSION.fits(512, 128)).isTrue();
        assertThat(ChipGeometry.FUSION.fits(784, 256)).isFalse();
    }

    @Test
    void lenet5HoldsOnAFusionChipWithWeightsPlacedAnywhere() {
        assertThat(ChipGeometry.FUSION.holds(400 + 12800 + 65536 + 1280)).isTrue();
        assertThat(ChipGeometry.FUSION.holds(784L * 2048)).isFalse();
        assertThat(ChipGeometry.FUSION.address(1, 5)).isEqualTo(2053);
    }
}
