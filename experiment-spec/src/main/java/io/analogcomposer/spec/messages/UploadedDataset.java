package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.catalogue.DatasetInfo;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import java.util.Base64;
import java.util.List;

/**
 * A dataset a user uploaded, carried with a run from the API through the validator to the worker: its facts, for the
 * validator's rules (input shape, classes, sizes), and its stored form itself (a ZIP of four IDX files, images
 * {@code N×C×H×W} unsigned bytes), base64-encoded. The bytes travel with the job as an uploaded conductance file
 * does: every worker reaches the broker, not every worker reaches the API, and a run keeps the data it was submitted
 * with even if the upload is deleted later. The API refuses datasets larger than its
 * {@code composer.datasets.uploads.max-in-job} at submission.
 *
 * @param reference the name documents use, {@code user:<uuid>}
 * @param title the name the user gave
 * @param sha256 hex SHA-256 of the stored ZIP, checked when it is unpacked (and the worker's cache key)
 * @param sizeBytes length of the stored ZIP
 * @param zipBase64 the stored ZIP, base64
 */
public record UploadedDataset(String reference, String title, int channels, int height, int width, int classes,
        int trainSamples, int testSamples, String sha256, long sizeBytes, String zipBase64) {

    /**
     * The largest stored ZIP a message may carry: its base64 form stays below the 20 M characters a JSON string may
     * have for the services' JSON reader.
     */
    public static final int MAX_STORED_BYTES = 14_000_000;

    public UploadedDataset {
        if (!UploadedDatasets.isReference(reference)) {
            throw new IllegalArgumentException("an uploaded dataset is named user:<uuid>, got " + reference);
        }
        if (channels < 1 || height < 1 || width < 1 || classes < 2 || trainSamples < 1 || testSamples < 1) {
            throw new IllegalArgumentException("uploaded dataset " + reference + " has impossible facts: " + channels
                    + "×" + height + "×" + width + ", " + classes + " classes, " + trainSamples + "/" + testSamples
                    + " samples");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("uploaded dataset " + reference + " needs a hex SHA-256, got " + sha256);
        }
        if (sizeBytes < 1 || sizeBytes > MAX_STORED_BYTES) {
            throw new IllegalArgumentException("an uploaded dataset a job carries has 1.." + MAX_STORED_BYTES
                    + " bytes, got " + sizeBytes);
        }
        if (zipBase64 == null || zipBase64.isEmpty() || zipBase64.length() > (MAX_STORED_BYTES / 3 + 1) * 4) {
            throw new IllegalArgumentException("uploaded dataset " + reference + " carries no content or too much");
        }
    }

    /** Packs a stored dataset for a job. */
    public static UploadedDataset of(String reference, String title, List<Integer> inputShape, int classes,
            int trainSamples, int testSamples, byte[] zip) {
        return new UploadedDataset(reference, title, inputShape.get(0), inputShape.get(1), inputShape.get(2), classes,
                trainSamples, testSamples, RunArtifact.sha256(zip), zip.length,
                Base64.getEncoder().encodeToString(zip));
    }

    /** The facts the validator's rules need, as the catalogue gives them for its own datasets. */
    public DatasetInfo info() {
        return new DatasetInfo(reference, title, List.of(channels, height, width), classes, trainSamples,
                testSamples, null, null, "uploaded");
    }

    /** The stored ZIP; refuses content that is not the announced size and hash (corrupted or forged). */
    public byte[] zip() {
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(zipBase64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the uploaded dataset " + reference + " is not valid base64", e);
        }
        if (zip.length != sizeBytes || !RunArtifact.sha256(zip).equals(sha256)) {
            throw new IllegalArgumentException("the uploaded dataset " + reference + " does not match its size "
                    + sizeBytes + " and SHA-256 " + sha256);
        }
        return zip;
    }

    /** Without the content, which would flood a log line. */
    @Override
    public String toString() {
        return "UploadedDataset[reference=" + reference + ", title=" + title + ", shape=" + channels + "×" + height
                + "×" + width + ", classes=" + classes + ", sha256=" + sha256 + ", sizeBytes=" + sizeBytes + "]";
    }
}
