package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue's templates made smaller: LeNet5 inference (Fashion-MNIST, web preset, PCM, global compensation), 3FC
 * hardware-aware training then drift, and 3FC in-memory training (Tiki-Taka, or one pulsed device per cross-point).
 */
final class TemplateJobs {
    private TemplateJobs() {
    }

    /** On the first {@code images} test images, {@code repetitions} programmings, at the given times. */
    static ExperimentSpec lenet5(int images, int repetitions, double... times) {
        ObjectNode doc = (ObjectNode) Catalogue.get().template("lenet5-inference").orElseThrow().document()
                .deepCopy();
        ((ObjectNode) doc.path("dataset")).put("max_test_samples", images);
        ObjectNode inf = (ObjectNode) doc.path("inference");
        inf.put("repetitions", repetitions);
        var t = inf.putArray("t_inference");
        for (double v : times) {
            t.add(v);
        }
        ValidationResult v = Validator.standard().validate(doc.toString());
        assertThat(v.errors()).as("the smaller LeNet5 template is valid").isEmpty();
        return v.resolved();
    }

    /**
     * The 3FC template trained hardware-aware (web preset) on the first {@code train} images for {@code epochs} (batch
     * 16, lr 0.1: it learns in fewer images than the template's batch 64 at lr 0.05), then evaluated on the first
     * {@code test} test images at the given times with {@code repetitions} programmings.
     */
    static ExperimentSpec threeFcHwa(int train, int test, int epochs, int repetitions, double... times) {
        ObjectNode doc = template("3fc-inference");
        ((ObjectNode) doc.path("dataset")).put("max_train_samples", train).put("max_test_samples", test);
        ObjectNode training = (ObjectNode) doc.path("training");
        training.put("epochs", epochs).put("batch_size", 16);
        ((ObjectNode) training.path("optimizer")).put("lr", 0.1);
        ObjectNode inf = (ObjectNode) doc.path("inference");
        inf.remove("inference_time");
        inf.remove("n_times");
        inf.put("repetitions", repetitions);
        var t = inf.putArray("t_inference");
        for (double v : times) {
            t.add(v);
        }
        return resolve(doc);
    }

    /** The 3FC template trained in memory with Tiki-Taka (pulsed devices) on the first {@code train} images. */
    static ExperimentSpec threeFcTikiTaka(int train) {
        ObjectNode doc = template("3fc-training");
        ((ObjectNode) doc.path("dataset")).put("max_train_samples", train).put("max_test_samples", 100);
        ((ObjectNode) doc.path("training")).put("epochs", 1);
        return resolve(doc);
    }

    /**
     * The 3FC in-memory template with one pulsed device per cross-point ({@code rpuConfig}, a JSON rpu_config of type
     * single, instead of Tiki-Taka) for one epoch on the first {@code train} images, tested on the first {@code test},
     * with {@code seed}.
     */
    static ExperimentSpec threeFcInMemory(String rpuConfig, int train, int test, long seed) {
        ObjectNode doc = template("3fc-training");
        doc.remove("preset");
        doc.set("rpu_config", tools.jackson.databind.json.JsonMapper.builder().build().readTree(rpuConfig));
        doc.put("seed", seed);
        ((ObjectNode) doc.path("dataset")).put("max_train_samples", train).put("max_test_samples", test);
        ((ObjectNode) doc.path("training")).put("epochs", 1);
        return resolve(doc);
    }

    private static ObjectNode template(String id) {
        return (ObjectNode) Catalogue.get().template(id).orElseThrow().document().deepCopy();
    }

    private static ExperimentSpec resolve(ObjectNode doc) {
        ValidationResult v = Validator.standard().validate(doc.toString());
        assertThat(v.errors()).as("the smaller template is valid").isEmpty();
        return v.resolved();
    }
}
