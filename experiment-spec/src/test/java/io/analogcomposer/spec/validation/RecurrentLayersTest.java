package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.cost.CostEstimate;
import io.analogcomposer.spec.cost.CostEstimator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lstm and analog_lstm in documents: a sequence [steps, features] in (Fashion-MNIST read row by row as
 * input_shape [28, 28]), hidden_size out, and every bad sequence setting named at its field.
 */
class RecurrentLayersTest {

    final Validator validator = Validator.standard();

    static String document(String inputShape, String lstm, String rest) {
        return """
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": %s, "layers": [%s%s,
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "rpu_config": {"type": "inference"}, "training": {"epochs": 1}}""".formatted(inputShape, lstm, rest);
    }

    private static List<String> pointers(ValidationResult r) {
        return r.errors().stream().map(Issue::pointer).toList();
    }

    @Test
    void sequentialFashionMnistThroughAnAnalogLstmIsValidAndEstimated() {
        ValidationResult r = validator.validate(document("[28, 28]",
                "{\"type\": \"analog_lstm\", \"hidden_size\": 32}", ""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resolvedJson().at("/network/layers/0/return_sequence").asBoolean()).isFalse();
        assertThat(r.resolvedJson().at("/network/layers/0/rpu_config/type").asString()).isEqualTo("inference");
        assertThat(r.resolvedJson().at("/network/layers/1/in_features").asInt()).isEqualTo(32);
        CostEstimate e = CostEstimator.standard().estimate(r.resolved());
        // W_ih 28 × 128 and W_hh 32 × 128 on one 512×512 tile each, fed once per step (28 steps); then 32 × 10
        assertThat(e.layers().get(0).tiles()).isEqualTo(2);
        assertThat(e.layers().get(0).mvms()).isEqualTo(56);
        assertThat(e.layers().get(0).weights()).isEqualTo(28 * 128 + 32 * 128);
        assertThat(e.totals().mvms()).isEqualTo(57);
    }

    /** A GRU has three gate blocks, an RNN one: W_ih [g·32, 28] and W_hh [g·32, 32] plus two biases each. */
    @Test
    void gruAndRnnLayersCountTheirGateBlocks() {
        for (String type : List.of("analog_gru", "gru", "analog_rnn", "rnn")) {
            int g = type.endsWith("gru") ? 3 : 1;
            ValidationResult r = validator.validate(document("[28, 28]",
                    "{\"type\": \"" + type + "\", \"hidden_size\": 32}", ""));
            assertThat(r.errors()).as(type).isEmpty();
            CostEstimate e = CostEstimator.standard().estimate(r.resolved());
            assertThat(e.layers().get(0).macs()).as(type).isEqualTo(28L * g * 32 * (28 + 32));
            assertThat(e.layers().get(0).analog()).isEqualTo(type.startsWith("analog_"));
            if (type.startsWith("analog_")) {
                assertThat(e.layers().get(0).weights()).isEqualTo((long) g * 32 * (28 + 32));
                assertThat(e.layers().get(0).mvms()).isEqualTo(56);
            }
        }
    }

    @Test
    void stackedLayersPassTheSequenceOn() {
        ValidationResult r = validator.validate(document("[28, 28]",
                "{\"type\": \"lstm\", \"hidden_size\": 16, \"return_sequence\": true}",
                ", {\"type\": \"analog_lstm\", \"hidden_size\": 8}"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resolvedJson().at("/network/layers/2/in_features").asInt()).isEqualTo(8);
    }

    @Test
    void anImageOrAFlatVectorIsNoSequenceAndTheMessageSaysHowToReadOne() {
        ValidationResult image = validator.validate(document("[1, 28, 28]",
                "{\"type\": \"analog_lstm\", \"hidden_size\": 32}", ""));
        assertThat(image.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/network/layers/0");
            assertThat(i.message()).contains("needs a sequence [steps, features]")
                    .contains("input_shape [28, 28]");
            assertThat(i.allowed()).isEqualTo("an input [steps, features]");
        });
        ValidationResult flat = validator.validate(document("[28, 28]",
                "{\"type\": \"lstm\", \"hidden_size\": 16}", ", {\"type\": \"lstm\", \"hidden_size\": 8}"));
        assertThat(pointers(flat)).containsExactly("/network/layers/1");
        assertThat(flat.errors().get(0).message()).contains("return_sequence true");
    }

    @Test
    void aSequenceIntoALinearLayerAndMissingOrBadSizesAreNamed() {
        ValidationResult sequenceOut = validator.validate(document("[28, 28]",
                "{\"type\": \"analog_lstm\", \"hidden_size\": 32, \"return_sequence\": true}", ""));
        assertThat(pointers(sequenceOut)).containsExactly("/network/layers/1");
        assertThat(sequenceOut.errors().get(0).message()).contains("[28, 32]");

        assertThat(pointers(validator.validate(document("[28, 28]", "{\"type\": \"analog_lstm\"}", ""))))
                .containsExactly("/network/layers/0/hidden_size");
        ValidationResult zero = validator.validate(document("[28, 28]",
                "{\"type\": \"lstm\", \"hidden_size\": 0}", ""));
        assertThat(zero.errors()).singleElement()
                .satisfies(i -> assertThat(i.code()).isEqualTo("out_of_range"));
        ValidationResult notForLinear = validator.validate(document("[28, 28]",
                "{\"type\": \"lstm\", \"hidden_size\": 4}", ", {\"type\": \"relu\", \"return_sequence\": true}"));
        assertThat(pointers(notForLinear)).containsExactly("/network/layers/1/return_sequence");
    }

    @Test
    void theDatasetIsReadRowByRowOnlyWithItsOwnRows() {
        ValidationResult wrong = validator.validate(document("[14, 56]",
                "{\"type\": \"lstm\", \"hidden_size\": 4}", ""));
        assertThat(pointers(wrong)).containsExactly("/network/input_shape");
        assertThat(wrong.errors().get(0).allowed()).contains("[28, 28]");
    }

    @Test
    void recurrentLayersTrainInMemoryButAreNotProgrammedOnTheChip() {
        // refused before the engine had a pulsed update through time; AIHWKit's analog cells are AnalogLinears
        ValidationResult pulsed = validator.validate("""
                {"kind": "training", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [28, 28], "layers": [{"type": "analog_lstm", "hidden_size": 8},
                   {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "preset": "ReRamSBPreset", "training": {"epochs": 1, "optimizer": {"type": "analog_sgd"}}}""");
        assertThat(pulsed.errors()).isEmpty();
        assertThat(pulsed.resolvedJson().at("/network/layers/0/rpu_config/type").asText()).isEqualTo("single");
        for (String layer : List.of("{\"type\": \"analog_gru\", \"hidden_size\": 8, \"bidirectional\": true}",
                "{\"type\": \"analog_rnn\", \"hidden_size\": 8, \"preset\": \"TikiTakaReRamSBPreset\"}")) {
            ValidationResult r = validator.validate(
                    """
                            {"kind": "training", "dataset": {"name": "fashion-mnist"},
                             "network": {"input_shape": [28, 28], "layers": [%s,
                               {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                             "rpu_config": {"type": "single"}, "training": {"epochs": 1, "optimizer": {"type": "analog_sgd"}}}"""
                            .formatted(layer));
            assertThat(r.errors()).as(layer).isEmpty();
        }
        ValidationResult chip = validator.validate("""
                {"kind": "hardware_inference", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [28, 28], "layers": [{"type": "analog_lstm", "hidden_size": 8},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1}}""");
        assertThat(chip.errors()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo("unsupported_layer");
            assertThat(i.pointer()).isEqualTo("/network/layers/0/type");
        });
    }
}
