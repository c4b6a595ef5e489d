package io.analogcomposer.spec.catalogue;

/**
 * Pre-trained weights an inference experiment can start from.
 *
 * @param template the experiment template whose network the weights fit
 * @param training how they were trained: {@code digital}, {@code hwa} or {@code in_memory}
 */
public record WeightTemplateInfo(String id, String description, String template, String dataset, String training) {}
