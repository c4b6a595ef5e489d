package io.analogcomposer.api.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque position in a list ordered by (created_at desc, id desc). Keyset paging: stable while rows are
 * added, and as fast on page 1000 as on page 1.
 */
public record Cursor(Instant createdAt, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor from a previous page, or null for the first page. */
    public static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("The cursor is not one this API handed out",
                    new ApiProblem.FieldError("/cursor", "not a valid cursor: use next_cursor of the previous page",
                            null));
        }
    }

    /** Checks a page size: 1 to 200, 50 when absent. */
    public static int limit(Integer requested) {
        int limit = requested == null ? 50 : requested;
        if (limit < 1 || limit > 200) {
            throw ApiProblem.badRequest("Invalid page size",
                    new ApiProblem.FieldError("/limit", "must be between 1 and 200, was " + limit, "1..200"));
        }
        return limit;
    }
}
