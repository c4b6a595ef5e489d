package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import tools.jackson.databind.node.ObjectNode;

/** The catalogue's LeNet5 inference template (Fashion-MNIST, web preset, PCM, global compensation), made smaller. */
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
}
