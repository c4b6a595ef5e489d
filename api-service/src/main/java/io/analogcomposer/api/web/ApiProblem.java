package io.analogcomposer.api.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with what a client needs to fix it. Rendered as RFC 9457 problem details; field
 * errors go into {@code errors} as {@code {pointer, message, allowed}}.
 */
public class ApiProblem extends RuntimeException {

    /** One problem with one field of the request, located by a JSON pointer. */
    public record FieldError(String pointer, String message, String allowed) {}

    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;
    private Long retryAfterSeconds;

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", what + " " + id + " does not exist", List.of());
    }

    public static ApiProblem badRequest(String detail, FieldError... errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, List.of(errors));
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, List.of());
    }

    /** The same problem, telling the client when a retry can succeed (a {@code Retry-After} header). */
    public ApiProblem retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
