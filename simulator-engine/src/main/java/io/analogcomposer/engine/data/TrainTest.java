package io.analogcomposer.engine.data;

/** A dataset's standard training and test parts. */
public record TrainTest(Dataset train, Dataset test) {}
