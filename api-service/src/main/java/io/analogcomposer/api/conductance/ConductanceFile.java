package io.analogcomposer.api.conductance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An uploaded Fusion CSV of target conductances, as listed (the content is read separately).
 *
 * @param layers the file's analog layers in file order
 * @param totalValues conductances in the file: one PCM device each
 */
public record ConductanceFile(UUID id, UUID ownerId, String name, long sizeBytes, String sha256,
        List<Layer> layers, long totalValues, Instant createdAt) {

    /** One analog layer of the file: AIHWKit's module id and class, its name and weight shape. */
    public record Layer(int id, String className, String name, int height, int width, long values) {}
}
