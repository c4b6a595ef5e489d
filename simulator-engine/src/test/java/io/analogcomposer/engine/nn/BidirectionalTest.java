package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional recurrent layers: the two directions are the one-directional layers on the sequence and on its
 * reverse, concatenated forward first; gradients against finite differences.
 */
class BidirectionalTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        for (boolean sequence : new boolean[]{false, true}) {
            Bidirectional lstm = new Bidirectional("lstm", Lstm.digital(3, 4, true, sequence, new Rng(1)),
                    Lstm.digital(3, 4, true, sequence, new Rng(2)), 4, sequence);
            GradCheck.check(lstm, GradCheck.randomInput(3, 2, 5, 3), 1e-2, 2e-2, 40);
            Bidirectional gru = new Bidirectional("gru", Recurrent.digital(Recurrent.Cell.GRU, 3, 2, true, sequence,
                    new Rng(4)), Recurrent.digital(Recurrent.Cell.GRU, 3, 2, true, sequence, new Rng(5)), 2,
                    sequence);
            GradCheck.check(gru, GradCheck.randomInput(6, 2, 4, 3), 1e-2, 2e-2, 40);
        }
    }

    @Test
    void theReverseDirectionReadsTheSequenceBackwards() {
        Lstm forwards = Lstm.digital(3, 4, true, true, new Rng(7));
        Lstm backwards = Lstm.digital(3, 4, true, true, new Rng(8));
        Bidirectional both = new Bidirectional("lstm", forwards, backwards, 4, true);
        Tensor x = GradCheck.randomInput(9, 2, 5, 3);
        Tensor y = both.forward(x).copy();
        assertThat(y.shape()).containsExactly(2, 5, 8);
        Lstm f2 = Lstm.digital(3, 4, true, true, new Rng(7));
        Lstm b2 = Lstm.digital(3, 4, true, true, new Rng(8));
        Tensor yf = f2.forward(x).copy();
        Tensor reversed = Tensor.zeros(2, 5, 3);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 5; t++) {
                System.arraycopy(x.data(), (n * 5 + t) * 3, reversed.data(), (n * 5 + 4 - t) * 3, 3);
            }
        }
        Tensor yb = b2.forward(reversed).copy();
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(y.get(n, t, j)).isEqualTo(yf.get(n, t, j));
                    assertThat(y.get(n, t, 4 + j)).isEqualTo(yb.get(n, 4 - t, j));
                }
            }
        }
    }

    @Test
    void theLayerSpecBuildsItAndDoublesTheWidth() {
        NetworkSpec net = new NetworkSpec(List.of(28, 28), List.of(LayerSpec.of("gru", "hidden_size", 8,
                "bidirectional", true), LayerSpec.of("linear", "out_features", 10)));
        Sequential model = ModelBuilder.build(net, 1, null);
        assertThat(model.layers().get(0)).isInstanceOf(Bidirectional.class);
        assertThat(model.layers().get(0).parameters()).hasSize(8);
        assertThat(model.layers().get(0).state()).containsKeys("ih.weight_ih", "ih.weight_ih_reverse");
        assertThat(model.outputShape(new int[]{28, 28})).containsExactly(10);
    }
}
