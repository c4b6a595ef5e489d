package io.analogcomposer.validator;

import io.analogcomposer.spec.validation.Limits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the validator service validates and routes runs.
 *
 * @param preferGpu send {@code backend: auto} simulations to {@code jobs.gpu} instead of {@code jobs.cpu}
 * @param maxMessageBytes larger validation messages are dead-lettered unread
 * @param consumers concurrent consumers of the validation queue
 * @param confirmTimeout how long to wait for the broker to confirm a published message
 * @param rememberCancelled how many cancelled run ids are remembered, so their queued jobs are discarded
 * @param maxParameters resource limit: trainable parameters of a network
 * @param maxTrainingSampleEpochs resource limit: epochs × training samples
 * @param maxInferenceEvaluations resource limit: repetitions × inference times × test samples
 * @param maxDocumentBytes resource limit: size of the experiment document
 * @param maxEstimatedRunTime resource limit: a run's estimated compute time (see {@link Limits})
 * @param macsPerSecond the CPU worker throughput the estimate assumes (multiply-accumulates per second)
 * @param maxBatchMemory resource limit: estimated memory of one batch's activations
 */
@ConfigurationProperties("composer.validator")
public record ValidatorProperties(@DefaultValue("false") boolean preferGpu,
        @DefaultValue("33554432") int maxMessageBytes, @DefaultValue("2") int consumers,
        @DefaultValue("5s") Duration confirmTimeout, @DefaultValue("10000") int rememberCancelled,
        @DefaultValue("20000000") long maxParameters, @DefaultValue("12000000") long maxTrainingSampleEpochs,
        @DefaultValue("20000000") long maxInferenceEvaluations, @DefaultValue("1048576") int maxDocumentBytes,
        @DefaultValue("48h") Duration maxEstimatedRunTime, @DefaultValue("20000000000") long macsPerSecond,
        @DefaultValue("4GB") org.springframework.util.unit.DataSize maxBatchMemory) {

    public ValidatorProperties {
        if (maxMessageBytes < 1024 || consumers < 1 || rememberCancelled < 1) {
            throw new IllegalArgumentException(
                    "composer.validator: max-message-bytes >= 1024, consumers >= 1 and remember-cancelled >= 1");
        }
    }

    /** The resource limits as the spec's validator takes them. */
    public Limits limits() {
        return new Limits(maxParameters, maxTrainingSampleEpochs, maxInferenceEvaluations, maxDocumentBytes,
                maxEstimatedRunTime.toSeconds(), macsPerSecond, maxBatchMemory.toBytes());
    }
}
