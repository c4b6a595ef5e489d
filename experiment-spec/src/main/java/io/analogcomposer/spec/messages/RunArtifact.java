package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A file a run produced (e.g. the trained weights as a checkpoint), sent by the worker before the run's
 * completion so the API can store it and offer it for download. It changes no state. The content travels
 * base64-encoded in the JSON; workers keep artifacts small enough for one message.
 *
 * @param name the file name users download it as, e.g. {@code checkpoint.acck}
 * @param mediaType its media type
 * @param content the bytes
 * @param sha256 hex SHA-256 of the content, checked by the receiver
 */
public record RunArtifact(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp, String name,
        String mediaType, byte[] content, String sha256) implements RunEvent {

    public RunArtifact {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("an artifact needs a plain file name, got " + name);
        }
        if (content == null) {
            throw new IllegalArgumentException("an artifact needs its content");
        }
    }

    public static RunArtifact of(String runId, int attempt, String name, String mediaType, byte[] content) {
        return new RunArtifact(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), name, mediaType, content,
                sha256(content));
    }

    /** Hex SHA-256 of the bytes. */
    public static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
