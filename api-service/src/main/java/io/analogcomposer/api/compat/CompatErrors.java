package io.analogcomposer.api.compat;

import io.analogcomposer.api.compat.CompatViews.ErrorView;
import io.analogcomposer.api.web.ApiProblem;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the compatible API as {@code {"message", "errors"}}: the client reads {@code message} on a failed
 * login and needs a JSON body everywhere. Runs before the service-wide problem handler, for these controllers only.
 */
@RestControllerAdvice(assignableTypes = {CompatController.class, CompatFilesController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class CompatErrors {

    private static final Logger log = LoggerFactory.getLogger(CompatErrors.class);

    @ExceptionHandler(CompatException.class)
    ResponseEntity<ErrorView> compat(CompatException e) {
        return ResponseEntity.status(e.status()).body(new ErrorView(e.getMessage(), e.errors()));
    }

    /** Refusals of our own services (not found, quota, invalid name...) keep their status and detail. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ErrorView> problem(ApiProblem e) {
        List<String> errors = e.errors().stream()
                .map(f -> f.pointer() + ": " + f.message() + (f.allowed() == null
                        ? ""
                        : " (allowed: " + f.allowed()
                                + ")"))
                .toList();
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response.body(new ErrorView(e.getMessage(), errors));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorView> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ErrorView("the body is not the JSON object expected", List.of()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorView> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(new ErrorView("'" + e.getValue() + "' is not a valid " + e.getName(), List.of()));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ErrorView> unexpected(RuntimeException e) {
        log.error("compat request failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ErrorView("internal error; the operators have the details in the log", List.of()));
    }
}
