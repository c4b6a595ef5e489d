package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalogLayerFactoriesTest {
    @Test
    void experimentSpecsBuildAnalogLenetLikeNetworksWithPerLayerConfigs() {
        AnalogLayerFactories.register();
        NetworkSpec spec = new NetworkSpec(List.of(1, 12, 12), List.of(
                LayerSpec.of("analog_conv2d", "out_channels", 4, "kernel_size", 3, "rpu_config",
                        Map.of("preset", "composer_web")),
                LayerSpec.of("tanh"), LayerSpec.of("flatten"),
                LayerSpec.of("analog_linear", "out_features", 10, "rpu_config",
                        Map.of("preset", "floating_point")),
                LayerSpec.of("log_softmax")));
        NetworkSpec resolved = ModelBuilder.resolve(spec);
        assertThat(resolved.layers().get(3).params()).containsEntry("in_features", 400);
        Sequential m = ModelBuilder.build(spec, 1, new JavaBackend(1));
        List<AnalogLayer> analog = AnalogNetworks.analogLayers(m);
        assertThat(analog).hasSize(2);
        assertThat(analog.get(0).config().mapping().weightScalingColumnwise()).isTrue();
        assertThat(analog.get(1).config().forward().isPerfect()).isTrue();
        m.train(false);
        assertThat(m.forward(Tensor.zeros(2, 1, 12, 12)).shape()).containsExactly(2, 10);
    }

    @Test
    void aBadRpuConfigNamesTheField() {
        AnalogLayerFactories.register();
        NetworkSpec spec = new NetworkSpec(List.of(8), List.of(LayerSpec.of("analog_linear", "out_features", 2,
                "rpu_config", Map.of("forward", Map.of("out_nois", 0.1)))));
        assertThatThrownBy(() -> ModelBuilder.resolve(spec)).hasMessageContaining("out_nois")
                .hasMessageContaining("out_noise");
    }
}
