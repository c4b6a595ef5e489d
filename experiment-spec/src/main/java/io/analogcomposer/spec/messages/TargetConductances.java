package io.analogcomposer.spec.messages;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Target conductances a user uploaded ("bring your own conductances"), carried with a hardware run from the API
 * through the validator to the hardware worker, which reaches only the broker: the Fusion CSV itself travels,
 * gzip-compressed and base64-encoded (the real LeNet5 sample, 1.4 MB, becomes about 0.8 MB), so a run keeps the
 * file it was submitted with even if the upload is later deleted.
 *
 * @param fileId the upload's id ({@code /api/v1/conductance-files/{id}})
 * @param name the file name the user gave
 * @param sha256 hex SHA-256 of the CSV bytes, checked when they are unpacked
 * @param sizeBytes length of the CSV
 * @param gzipBase64 the CSV, gzip-compressed, base64
 */
public record TargetConductances(String fileId, String name, String sha256, long sizeBytes, String gzipBase64) {

    /** The largest CSV accepted: the whole chip (512 × 2048 devices) at ~20 characters per value, with room. */
    public static final int MAX_CSV_BYTES = 32 * 1024 * 1024;
    /** The largest packed form a message may carry. */
    public static final int MAX_PACKED_CHARS = 24 * 1024 * 1024;

    public TargetConductances {
        if (!isFileId(fileId)) {
            throw new IllegalArgumentException("target conductances need the upload's id, got " + fileId);
        }
        if (gzipBase64 == null || gzipBase64.isEmpty()) {
            throw new IllegalArgumentException("target conductances carry no file content");
        }
        if (gzipBase64.length() > MAX_PACKED_CHARS) {
            throw new IllegalArgumentException("the packed conductance file has " + gzipBase64.length()
                    + " characters, more than the " + MAX_PACKED_CHARS + " a message may carry");
        }
        if (sizeBytes < 1 || sizeBytes > MAX_CSV_BYTES) {
            throw new IllegalArgumentException(
                    "a conductance file has 1.." + MAX_CSV_BYTES + " bytes, got " + sizeBytes);
        }
    }

    /** Whether {@code id} has the form of an upload's id (a UUID). */
    public static boolean isFileId(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Packs the CSV bytes of an upload. */
    public static TargetConductances of(String fileId, String name, byte[] csv) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream(Math.max(64, csv.length / 3));
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return new TargetConductances(fileId, name, RunArtifact.sha256(csv), csv.length,
                Base64.getEncoder().encodeToString(packed.toByteArray()));
    }

    /**
     * The CSV bytes; refuses content that does not unpack to the announced size and hash (a corrupted or forged
     * message), and never unpacks more than {@link #MAX_CSV_BYTES}.
     */
    public byte[] csv() {
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(gzipBase64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the conductance file " + fileId + " is not valid base64", e);
        }
        byte[] csv;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            csv = in.readNBytes(MAX_CSV_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("the conductance file " + fileId + " does not unpack: " + e.getMessage(),
                    e);
        }
        if (csv.length != sizeBytes || !RunArtifact.sha256(csv).equals(sha256)) {
            throw new IllegalArgumentException("the conductance file " + fileId + " does not match its size "
                    + sizeBytes + " and SHA-256 " + sha256);
        }
        return csv;
    }

    /** Without the content, which would flood a log line. */
    @Override
    public String toString() {
        return "TargetConductances[fileId=" + fileId + ", name=" + name + ", sha256=" + sha256 + ", sizeBytes="
                + sizeBytes + "]";
    }
}
