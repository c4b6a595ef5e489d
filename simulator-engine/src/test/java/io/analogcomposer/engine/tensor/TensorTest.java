package io.analogcomposer.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void ensureReusesTheArrayWhenItIsLargeEnough() {
        Tensor t = Tensor.zeros(4, 5);
        float[] data = t.data();
        Tensor smaller = Tensor.ensure(t, 2, 5);
        assertThat(smaller).isSameAs(t);
        assertThat(smaller.data()).isSameAs(data);
        assertThat(smaller.size()).isEqualTo(10);
        assertThat(smaller.shape()).containsExactly(2, 5);
        Tensor larger = Tensor.ensure(t, 5, 5);
        assertThat(larger.data()).isNotSameAs(data);
    }

    @Test
    void indexingAndReshapeCheckShapes() {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(t.get(1, 2)).isEqualTo(6f);
        assertThat(t.reshape(3, 2).get(2, 1)).isEqualTo(6f);
        assertThatThrownBy(() -> t.reshape(4, 2)).hasMessageContaining("cannot reshape [2, 3] to [4, 2]");
        assertThatThrownBy(() -> t.get(2, 0)).hasMessageContaining("outside [2, 3]");
        assertThatThrownBy(() -> Tensor.wrap(new float[5], 2, 3)).hasMessageContaining("needs 6 floats");
    }

    @Test
    void convGeometryRejectsAKernelLargerThanThePaddedInput() {
        assertThatThrownBy(() -> new ConvGeometry(1, 4, 4, 5, 5, 1, 1, 0, 0, 1, 1))
                .hasMessageContaining("kernel span 5x5 does not fit the padded input 4x4");
    }
}
