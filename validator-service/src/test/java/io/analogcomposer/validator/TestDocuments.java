package io.analogcomposer.validator;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validation requests for the tests. */
public final class TestDocuments {

    private TestDocuments() {
    }

    public static JsonNode template(String id) {
        return Catalogue.get().template(id).orElseThrow().document().deepCopy();
    }

    /** A training document with three mistakes: a misspelt field, zero epochs, and nll without log_softmax. */
    public static JsonNode invalid() {
        ObjectNode doc = (ObjectNode) template("3fc-training");
        ((ObjectNode) doc.get("training")).put("epochs", 0);
        doc.put("nmae", "typo");
        ((tools.jackson.databind.node.ArrayNode) doc.get("network").get("layers")).remove(6);
        return doc;
    }

    public static RunRequested request(String runId, Backend backend, JsonNode document) {
        return RunRequested.of(runId, "experiment-" + runId, "user-1", backend, document);
    }

    public static byte[] bytes(Object message) {
        return SpecJson.write(message).getBytes(StandardCharsets.UTF_8);
    }
}
