package io.analogcomposer.spec.catalogue;

import tools.jackson.databind.JsonNode;

/**
 * A ready-made experiment the composer offers as a starting point (3FC, LeNet5, VGG8; training and inference).
 *
 * @param document a complete experiment document
 */
public record TemplateInfo(String id, int version, String title, String description, JsonNode document) {}
