package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.cost.CostEstimate;
import io.analogcomposer.spec.cost.CostEstimator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transformer encoder's layers in documents: Fashion-MNIST as 16 patches of 7×7 (input_shape [16, 49]), a
 * per-token linear, position embedding, encoder block or attention, token mean; every bad setting named at its
 * field; bidirectional recurrent layers double their output.
 */
class AttentionLayersTest {

    final Validator validator = Validator.standard();

    static String document(String inputShape, String layers) {
        return """
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": %s, "layers": [%s,
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "rpu_config": {"type": "inference"}, "training": {"epochs": 1}}""".formatted(inputShape, layers);
    }

    static final String ENCODER = """
            {"type": "analog_linear", "out_features": 32}, {"type": "position_embedding"},
            {"type": "analog_encoder_block", "num_heads": 4, "dim_feedforward": 64}, {"type": "token_mean"}""";

    @Test
    void aTinyEncoderOnPatchesIsValidShapedAndEstimated() {
        ValidationResult r = validator.validate(document("[16, 49]", ENCODER));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resolvedJson().at("/network/layers/0/in_features").asInt()).isEqualTo(49);
        assertThat(r.resolvedJson().at("/network/layers/4/in_features").asInt()).isEqualTo(32);
        assertThat(r.resolvedJson().at("/network/layers/2/rpu_config/type").asString()).isEqualTo("inference");
        CostEstimate e = CostEstimator.standard().estimate(r.resolved());
        // the patch embedding: 49 × 32 on one tile, fed once per token
        assertThat(e.layers().get(0).mvms()).isEqualTo(16);
        assertThat(e.layers().get(0).weights()).isEqualTo(49 * 32);
        // Q, K, V, O (32 × 32) and the MLP (32 × 64, 64 × 32): six matrices, one tile each, once per token
        assertThat(e.layers().get(2).tiles()).isEqualTo(6);
        assertThat(e.layers().get(2).mvms()).isEqualTo(6 * 16);
        assertThat(e.layers().get(2).weights()).isEqualTo(4 * 32 * 32 + 2 * 32 * 64);
        assertThat(e.layers().get(1).analog()).isFalse();
        List<String> shapes = r.resolvedJson().at("/network/layers").valueStream().map(l -> l.path("type")
                .asString()).toList();
        assertThat(shapes).startsWith("analog_linear", "position_embedding", "analog_encoder_block");
    }

    @Test
    void digitalAttentionAndLayerNormAreValidToo() {
        ValidationResult r = validator.validate(document("[16, 49]", """
                {"type": "linear", "out_features": 16}, {"type": "multihead_attention", "num_heads": 2},
                {"type": "layer_norm"}, {"type": "token_mean"}"""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resolvedJson().at("/network/layers/4/in_features").asInt()).isEqualTo(16);
    }

    @Test
    void headsThatDoNotDivideTheEmbeddingAreNamedAtNumHeads() {
        ValidationResult r = validator.validate(document("[16, 49]", """
                {"type": "analog_linear", "out_features": 30}, {"type": "analog_multihead_attention", "num_heads": 4},
                {"type": "token_mean"}"""));
        assertThat(r.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/network/layers/1/num_heads");
            assertThat(i.message()).contains("does not divide the embedding size 30");
        });
    }

    @Test
    void missingHeadsOrFeedforwardSizeAreRequiredFields() {
        ValidationResult r = validator.validate(document("[16, 49]", """
                {"type": "linear", "out_features": 32}, {"type": "encoder_block"}, {"type": "token_mean"}"""));
        assertThat(r.errors()).extracting(Issue::pointer).contains("/network/layers/1/num_heads",
                "/network/layers/1/dim_feedforward");
    }

    @Test
    void anImageIsNoTokenSequenceAndTheMessageSaysHowToCutOne() {
        ValidationResult r = validator.validate(document("[1, 28, 28]", """
                {"type": "analog_multihead_attention", "num_heads": 1}, {"type": "flatten"}"""));
        assertThat(r.errors()).extracting(Issue::pointer).contains("/network/layers/0");
        assertThat(r.errors()).anySatisfy(i -> assertThat(i.message()).contains(
                "needs a sequence [tokens, features]").contains("input_shape [16, 49]"));
        ValidationResult flat = validator.validate(document("[784]", """
                {"type": "position_embedding"}, {"type": "token_mean"}"""));
        assertThat(flat.errors()).extracting(Issue::pointer).contains("/network/layers/0");
    }

    @Test
    void aShapeThatIsNoPatchLayoutOfTheDatasetIsRejected() {
        ValidationResult r = validator.validate(document("[49, 17]", ENCODER));
        assertThat(r.errors()).anySatisfy(i -> {
            assertThat(i.pointer()).isEqualTo("/network/input_shape");
            assertThat(i.message()).contains("the sequence of 7×7 patches [16, 49]");
        });
        assertThat(SemanticRules.patchLayout(List.of(1, 28, 28), List.of(16, 49))).isTrue();
        assertThat(SemanticRules.patchLayout(List.of(1, 28, 28), List.of(49, 16))).isTrue();
        assertThat(SemanticRules.patchLayout(List.of(1, 28, 28), List.of(28, 28))).isFalse();
    }

    @Test
    void attentionLayersTrainInMemory() {
        // refused before the engine had a pulsed update for matrices applied to every token; AIHWKit converts a
        // transformer's projections to AnalogLinears, which train with any RPU config
        ValidationResult r = validator.validate("""
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [16, 49], "layers": [%s,
                   {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "rpu_config": {"type": "single"}, "training": {"epochs": 1, "optimizer": {"type": "analog_sgd"}}}"""
                .formatted(ENCODER.replace("\"type\": \"analog_linear\"", "\"type\": \"linear\"")));
        assertThat(r.errors()).isEmpty();
        // an analog linear over the tokens too; one after the token mean is an ordinary analog linear
        ValidationResult tokenwise = validator.validate("""
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [16, 49], "layers": [%s,
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "rpu_config": {"type": "single"}, "training": {"epochs": 1, "optimizer": {"type": "analog_sgd"}}}"""
                .formatted(ENCODER.replace("analog_encoder_block", "encoder_block")));
        assertThat(tokenwise.errors()).isEmpty();
        assertThat(tokenwise.resolvedJson().at("/network/layers/0/rpu_config/type").asText()).isEqualTo("single");
    }

    @Test
    void aBidirectionalLstmDoublesItsOutputAndItsWeights() {
        ValidationResult r = validator.validate(RecurrentLayersTest.document("[28, 28]",
                "{\"type\": \"analog_lstm\", \"hidden_size\": 32, \"bidirectional\": true}", ""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resolvedJson().at("/network/layers/1/in_features").asInt()).isEqualTo(64);
        CostEstimate e = CostEstimator.standard().estimate(r.resolved());
        assertThat(e.layers().get(0).tiles()).isEqualTo(4);
        assertThat(e.layers().get(0).weights()).isEqualTo(2 * (28 * 128 + 32 * 128));
        assertThat(e.layers().get(0).mvms()).isEqualTo(2 * 56);
    }

    @Test
    void theTransformerTemplateIsInTheCatalogueAndValid() {
        var template = Catalogue.get().template("transformer-patches-inference").orElseThrow();
        assertThat(template.title()).isEqualTo(
                "Tiny transformer encoder on Fashion-MNIST patches, hardware-aware, then drift");
        assertThat(validator.validate(template.document().toString()).errors()).isEmpty();
        // the layers editor's palette lists the catalogue's layer types with their fields
        assertThat(Catalogue.get().layerTypes()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("analog_encoder_block");
            assertThat(t.fields()).contains("num_heads", "dim_feedforward", "rpu_config");
        });
        assertThat(Catalogue.get().layerTypes()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("lstm");
            assertThat(t.fields()).contains("bidirectional");
        });
    }
}
