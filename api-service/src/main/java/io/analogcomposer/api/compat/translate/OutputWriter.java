package io.analogcomposer.api.compat.translate;

import io.analogcomposer.api.compat.proto.inference.InferenceResultsProto;
import io.analogcomposer.api.compat.proto.inference.InferenceRunsProto;
import io.analogcomposer.api.compat.proto.inference.InferencingOutput;
import io.analogcomposer.api.compat.proto.training.AttributeProto;
import io.analogcomposer.api.compat.proto.training.EpochInformation;
import io.analogcomposer.api.compat.proto.training.Network;
import io.analogcomposer.api.compat.proto.training.TrainingOutput;
import io.analogcomposer.api.compat.proto.training.Version;
import io.analogcomposer.spec.messages.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a finished run's {@link RunResult} as the output message the AIHWKit client parses. Every proto2
 * required field is set explicitly (an unset one would make {@code build()} throw, and Python would read a
 * default), including zeros such as {@code epoch 0} and {@code is_partial false}.
 */
public final class OutputWriter {

    /** AIHWKit's metric names in the order its local training loop reports them; others follow by name. */
    private static final List<String> EPOCH_METRICS = List.of("accuracy", "train_loss", "valid_loss", "time_epoch");

    private OutputWriter() {
    }

    /**
     * {@code aihwx.TrainingOutput}: per epoch every metric as a FLOAT attribute (the client reads only {@code f}).
     *
     * @param network the network of the uploaded input, or an empty one (the client ignores it, proto2 requires
     *            it)
     */
    public static TrainingOutput training(RunResult result, Network network) {
        TrainingOutput.Builder out = TrainingOutput.newBuilder()
                .setVersion(Version.newBuilder().setSchema(1).setOpset(1)).setNetwork(network);
        for (RunResult.EpochResult epoch : result.epochs()) {
            EpochInformation.Builder info = EpochInformation.newBuilder().setEpoch(epoch.epoch());
            for (String name : metricOrder(epoch.metrics())) {
                info.addMetrics(AttributeProto.newBuilder().setName(name)
                        .setType(AttributeProto.AttributeType.FLOAT).setF(epoch.metrics().get(name).floatValue()));
            }
            out.addEpochs(info);
        }
        return out.build();
    }

    /**
     * {@code aihwx.inferencing.InferencingOutput}: the final snapshot ({@code is_partial false}) with one result
     * per inference time, accuracies in percent as our workers report them.
     *
     * @param repetitions how many times the weights were programmed ({@code inference_repeat})
     */
    public static InferencingOutput inference(RunResult result, long repetitions) {
        InferenceRunsProto.Builder runs = InferenceRunsProto.newBuilder().setInferenceRepeat(repetitions)
                .setIsPartial(false).setTimeElapsed((float) result.durationSeconds());
        for (RunResult.InferenceResult r : result.inference()) {
            runs.addInferenceResults(InferenceResultsProto.newBuilder().setTInference((float) r.tInference())
                    .setAvgAccuracy((float) r.avgAccuracy()).setStdAccuracy((float) r.stdAccuracy())
                    .setAvgError((float) r.avgError()).setAvgLoss((float) r.avgLoss()));
        }
        return InferencingOutput.newBuilder()
                .setVersion(io.analogcomposer.api.compat.proto.inference.Version.newBuilder().setSchema(1)
                        .setOpset(1))
                .setInferenceRuns(runs).build();
    }

    private static List<String> metricOrder(Map<String, Double> metrics) {
        List<String> names = new ArrayList<>();
        for (String known : EPOCH_METRICS) {
            if (metrics.containsKey(known)) {
                names.add(known);
            }
        }
        metrics.keySet().stream().filter(n -> !EPOCH_METRICS.contains(n)).sorted().forEach(names::add);
        return names;
    }
}
