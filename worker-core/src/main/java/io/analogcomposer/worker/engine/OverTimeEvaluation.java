package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How an inference run evaluates a network over time (program, drift, evaluate the test set per repetition): the
 * seam between the worker and what computes it. The CPU worker uses the Java engine's {@link InferenceEvaluator}; the
 * GPU worker a tensor program with the same contract (same settings, listener calls and result).
 */
@FunctionalInterface
public interface OverTimeEvaluation {

    /** The Java engine's evaluator. */
    OverTimeEvaluation JAVA_ENGINE = InferenceEvaluator::evaluate;

    List<InferenceEvaluator.Point> evaluate(Module model, Dataset test, Loss loss, InferenceEvaluator.Settings settings,
            InferenceEvaluator.Listener listener, BooleanSupplier cancel);
}
