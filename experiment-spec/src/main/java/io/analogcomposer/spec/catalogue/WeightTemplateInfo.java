package io.analogcomposer.spec.catalogue;

/**
 * Pre-trained weights an inference experiment can start from.
 *
 * @param template the experiment template whose network the weights fit
 * @param training how they were trained: {@code digital}, {@code hwa} or {@code in_memory}
 * @param referenceAccuracy the weights' noise-free accuracy on the dataset's full test set (a fraction, measured
 *        with our engine in floating point; null where no weights are available to measure), the yardstick for
 *        the accuracies an inference run reports
 */
public record WeightTemplateInfo(String id, String description, String template, String dataset, String training,
        Double referenceAccuracy) {}
