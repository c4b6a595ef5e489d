package io.analogcomposer.spec.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;

/**
 * A question the composer's pages ask a simulator worker while a user edits (architecture: the API never runs the
 * engine itself). Sent on {@code composer.preview} and answered with a {@link PreviewResponse} on the caller's
 * reply queue. The JSON carries its kind in {@code "kind"}: {@code drift} or {@code response_curve}.
 *
 * <p>Every request is deterministic for its fields (the seed is one of them), so an answer may be cached.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = DriftPreviewRequest.class, name = "drift"),
        @JsonSubTypes.Type(value = ResponseCurveRequest.class, name = "response_curve")})
public sealed interface PreviewRequest permits DriftPreviewRequest, ResponseCurveRequest {

    int messageVersion();

    /**
     * What is wrong with this request that can be seen without the engine (missing fields, values out of range),
     * as issues with JSON pointers into the request body; empty when it may be sent. The API answers these with a
     * 400 before asking a worker; the worker checks them again, so a request from elsewhere gets the same answer.
     */
    List<Issue> problems();

    /** The request's kind, as in {@code "kind"}. */
    default String kindName() {
        return switch (this) {
            case DriftPreviewRequest r -> "drift";
            case ResponseCurveRequest r -> "response_curve";
        };
    }

    /** An issue for a whole number outside {@code [min, max]}, or none. */
    static void range(List<Issue> out, String pointer, long value, long min, long max) {
        if (value < min || value > max) {
            out.add(new Issue(pointer, "must be between " + min + " and " + max + ", was " + value, min + ".." + max,
                    "out_of_range"));
        }
    }
}
