package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.util.Pickle;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import of LeNet5 templates in the composer's format (AIHWKit zip checkpoints). The files are the project's own,
 * written in both AIHWKit layouts by
 * {@code test-support/src/main/resources/reference/torch-checkpoints/make_checkpoints.py} (the IBM
 * composer's files stay out of the repository: their licence is unknown). Like AIHWKit's, they store every tile's
 * weights twice, once as a torch tensor and once as a numpy array or a transposed tensor, which lets the two
 * decoding paths check each other.
 */
class TorchCheckpointsTest {
    static Path template(String name) throws URISyntaxException {
        return Path.of(TorchCheckpointsTest.class.getResource("/torch-checkpoints/" + name).toURI());
    }

    @Test
    @SuppressWarnings("unchecked")
    void oldLayoutNumpyTileWeightsEqualTheSharedTorchTensor() throws Exception {
        TorchCheckpoints.StateDict sd = TorchCheckpoints.read(template("lenet5-tile-layout.pth"));
        for (String layer : new String[]{"0", "3", "8", "10"}) {
            Map<String, Object> st = (Map<String, Object>) sd.entries().get(layer + ".analog_tile_state_0");
            assertThat(st.get("analog_tile_weights")).isInstanceOf(Pickle.NdArray.class);
            float[] numpy = sd.values(st.get("analog_tile_weights"));
            float[] torch = sd.values(sd.entries().get(layer + ".analog_shared_weights_0"));
            assertThat(numpy).containsExactly(torch);
        }
        TorchCheckpoints.LayerWeights l0 = TorchCheckpoints.analogLayer(sd, "0");
        assertThat(l0.out()).isEqualTo(16);
        assertThat(l0.in()).isEqualTo(25);
        assertThat(l0.bias()).hasSize(16); // from the analog bias column
        // logical weights are the tile's times the scalar out_scaling_alpha (0.75 in the file)
        Map<String, Object> st0 = (Map<String, Object>) sd.entries().get("0.analog_tile_state_0");
        float[] tile0 = sd.values(st0.get("analog_tile_weights")); // [16, 26]: 25 weights and the bias column
        assertThat(sd.values(st0.get("out_scaling_alpha"))).containsExactly(0.75f);
        assertThat(l0.weights()[3 * 25 + 7]).isEqualTo(tile0[3 * 26 + 7] * 0.75f);
        assertThat(l0.bias()[3]).isEqualTo(tile0[3 * 26 + 25] * 0.75f);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mappedLayoutTileWeightsAreTheTransposedSharedWeights() throws Exception {
        TorchCheckpoints.StateDict sd = TorchCheckpoints.read(template("lenet5-mapped-layout.pth"));
        Map<String, Object> st = (Map<String, Object>) sd.entries().get("3.analog_tile_state_0_0");
        float[] tile = sd.values(st.get("analog_tile_weights")); // [32, 400]
        float[] shared = sd.values(sd.entries().get("3.analog_shared_weights_0")); // [400, 32]
        for (int o = 0; o < 32; o++) {
            for (int j = 0; j < 400; j++) {
                assertThat(tile[o * 400 + j]).isEqualTo(shared[j * 32 + o]);
            }
        }
        TorchCheckpoints.LayerWeights l = TorchCheckpoints.analogLayer(sd, "3");
        float[] scales = sd.values(st.get("mapping_scales"));
        float alpha = sd.values(st.get("out_scaling_alpha"))[0];
        assertThat((double) l.weights()[5 * 400 + 7]).isCloseTo(tile[5 * 400 + 7] * scales[5] * alpha, offset(1e-7));
        assertThat(l.bias()).containsExactly(sd.values(sd.entries().get("3.bias")));
    }

    @Test
    void importedLenet5RunsAndBothLayoutsGiveConfidentPredictions() throws Exception {
        Tensor x = Tensor.zeros(4, 1, 28, 28);
        new Rng(3).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        for (String t : new String[]{"lenet5-tile-layout.pth", "lenet5-mapped-layout.pth"}) {
            Sequential m = TorchCheckpoints.composerLenet5(template(t), Presets.FLOATING_POINT, new Rng(1));
            m.train(false);
            Tensor y = m.forward(x);
            assertThat(y.shape()).containsExactly(4, 10);
            for (int b = 0; b < 4; b++) {
                double s = 0;
                for (int k = 0; k < 10; k++) {
                    s += Math.exp(y.data()[b * 10 + k]);
                }
                assertThat(s).isCloseTo(1.0, offset(1e-4)); // log-softmax output
            }
        }
    }

    @Test
    void aFileThatIsNotACheckpointIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("weights.pth");
        Files.writeString(bad, "not a zip");
        assertThatThrownBy(() -> TorchCheckpoints.read(bad)).hasMessageContaining("weights.pth");
    }
}
