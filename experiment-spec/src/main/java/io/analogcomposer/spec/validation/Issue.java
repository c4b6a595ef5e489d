package io.analogcomposer.spec.validation;

import java.util.Objects;

/**
 * One validation finding: where (a JSON pointer into the submitted document, RFC 6901), what is wrong in a
 * sentence a user can act on, and what would be allowed.
 *
 * @param pointer JSON pointer of the offending field, {@code ""} for the whole document
 * @param message a human sentence
 * @param allowed the allowed values or range, or {@code null} when there is nothing to list
 * @param code a stable machine-readable category, e.g. {@code unknown_field}, {@code shape_mismatch}
 */
public record Issue(String pointer, String message, String allowed, String code) {

    public Issue {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
    }

    /** "pointer: message (allowed: ...)", for logs and tests. */
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message
                + (allowed == null ? "" : " (allowed: " + allowed + ")");
    }
}
