package io.analogcomposer.engine.experiment;

/** Mean loss and accuracy (fraction correct, 0..1) of a model over a dataset. */
public record Evaluation(double loss, double accuracy, int samples) {}
