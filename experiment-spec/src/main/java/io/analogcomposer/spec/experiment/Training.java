package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.Param;

/** Training hyper-parameters (AIHWKit's BasicTraining defaults: batch 64, NLL loss, 30 epochs, lr 0.05). */
public record Training(
        @Param(doc = "Number of passes over the training set.", def = "30", min = 1, max = 1000) Integer epochs,
        @Param(doc = "Samples per mini-batch.", def = "64", min = 1, max = 65536) Integer batchSize,
        @Param(doc = "Loss function; it must match the network's output (nll after log_softmax, cross_entropy on raw scores).", def = "\"nll\"") Loss loss,
        @Param(doc = "Optimizer and learning rate.", def = "{}") Optimizer optimizer,
        @Param(doc = "Learning-rate schedule.", def = "{}") LrSchedule lrSchedule,
        @Param(doc = "Shuffle the training set every epoch.", def = "true") Boolean shuffle) {}
