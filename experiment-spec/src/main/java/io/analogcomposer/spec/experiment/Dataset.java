package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.meta.Param;

/**
 * The data a run trains and evaluates on: a catalogue dataset, which must be installed where the worker runs, or one
 * the user uploaded, which travels with the run.
 */
public record Dataset(
        @Param(doc = "Dataset name from the catalogue (fashion-mnist, mnist, cifar10, svhn, synthetic), or user:<id> of a dataset you uploaded (GET /api/v1/datasets).", required = true, catalogue = "datasets", orPattern = UploadedDatasets.PATTERN) String name,
        @Param(doc = "Fraction of the training set held out for validation after each epoch; 0 evaluates on the test split as AIHWKit does.", def = "0", min = 0, max = 0.5) Double validationFraction,
        @Param(doc = "Use at most this many training samples (0 = all); handy for quick trials.", def = "0", min = 0, max = 10000000) Integer maxTrainSamples,
        @Param(doc = "Use at most this many test samples (0 = all).", def = "0", min = 0, max = 10000000) Integer maxTestSamples,
        @Param(doc = "Normalize inputs with the dataset's mean and standard deviation (the composer does for training).", def = "true") Boolean normalize,
        @Param(doc = "Number of classes of the synthetic dataset (other datasets have their own).", def = "10", min = 2, max = 1000, appliesTo = {}) Integer syntheticClasses,
        @Param(doc = "Number of training samples the synthetic dataset generates.", def = "1000", min = 1, max = 1000000) Integer syntheticSamples){}
