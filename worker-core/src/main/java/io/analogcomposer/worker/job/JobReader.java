package io.analogcomposer.worker.job;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunMessage;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a job message, telling apart a job from a poison message, and naming what is wrong with the latter. */
final class JobReader {

    private JobReader() {
    }

    static RunJob read(byte[] body, String backend) throws PoisonMessage {
        JsonNode tree;
        try {
            tree = SpecJson.mapper().readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new PoisonMessage("the message is not JSON: " + e.getOriginalMessage(), null, 1);
        }
        if (tree == null || !tree.isObject()) {
            throw new PoisonMessage("the message is not a JSON object", null, 1);
        }
        // the run id and attempt are read on their own first, so even a broken job can fail its run
        JsonNode runIdNode = tree.get("run_id");
        String runId = runIdNode != null && runIdNode.isString() && !runIdNode.asString().isBlank()
                ? runIdNode.asString()
                : null;
        JsonNode attemptNode = tree.get("attempt");
        int attempt = attemptNode != null && attemptNode.canConvertToInt() && attemptNode.asInt() >= 1
                ? attemptNode.asInt()
                : 1;
        JsonNode version = tree.get("message_version");
        if (version == null || !version.canConvertToInt() || version.asInt() != RunMessage.VERSION) {
            throw new PoisonMessage("message_version " + (version == null ? "(missing)" : version.toString())
                    + " is not supported by this worker, which reads version " + RunMessage.VERSION, runId, attempt);
        }
        RunJob job;
        try {
            job = SpecJson.read(tree, RunJob.class);
        } catch (JacksonException e) {
            throw new PoisonMessage("the message is not a valid job: " + e.getOriginalMessage(), runId, attempt);
        }
        if (!job.backend().queueKey().equals(backend)) {
            throw new PoisonMessage("the job is for backend '" + job.backend().queueKey() + "' but arrived on the queue"
                    + " of backend '" + backend + "'", runId, attempt);
        }
        return job;
    }
}
