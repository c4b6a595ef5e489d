package io.analogcomposer.api.dataset;

import io.analogcomposer.spec.catalogue.DatasetInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dataset a user uploaded, as listed (the stored ZIP of IDX files is read separately). Documents name it
 * {@code user:<id>}.
 */
public record UserDataset(UUID id, UUID ownerId, String name, String sourceFormat, int channels, int height, int width,
        int classes, int trainSamples, int testSamples, long sizeBytes, String sha256, Instant createdAt) {

    /** The prefix of an uploaded dataset's name in documents and in the catalogue. */
    public static final String PREFIX = "user:";

    /** Its name in documents and in the catalogue. */
    public String reference() {
        return PREFIX + id;
    }

    public List<Integer> inputShape() {
        return List.of(channels, height, width);
    }

    /** Its facts as the validator's rules take them (as the catalogue gives them for built-in datasets). */
    public DatasetInfo info() {
        return new DatasetInfo(reference(), name, inputShape(), classes, trainSamples, testSamples, null, null,
                "uploaded");
    }
}
