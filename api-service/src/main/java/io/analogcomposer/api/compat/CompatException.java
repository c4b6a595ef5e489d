package io.analogcomposer.api.compat;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request of the AIHWKit client this API refuses, answered as {@code {"message", "errors"}} with the status. */
class CompatException extends RuntimeException {

    private final HttpStatus status;
    private final List<String> errors;

    CompatException(HttpStatus status, String message, List<String> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static CompatException badRequest(String message) {
        return new CompatException(HttpStatus.BAD_REQUEST, message, List.of());
    }

    static CompatException notFound(String what, Object id) {
        return new CompatException(HttpStatus.NOT_FOUND, what + " " + id + " does not exist", List.of());
    }

    HttpStatus status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }
}
