package io.analogcomposer.api.web;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error of the API as RFC 9457 problem details; field errors carry JSON pointers. Never a bare 500. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.title());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        return response.body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "a valid value" : e.getRequiredType().getSimpleName();
        return apiProblem(ApiProblem.badRequest("Parameter '" + e.getName() + "' has an invalid value",
                new ApiProblem.FieldError("/" + e.getName(), "'" + e.getValue() + "' is not a valid " + expected,
                        null)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return apiProblem(ApiProblem.badRequest(e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiProblem.FieldError("/" + snake(f.getField()).replace('.', '/'),
                        f.getDefaultMessage(), null))
                .toList();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + errors.size() + " invalid field(s)");
        body.setTitle("Invalid request");
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                    .body(tooLarge(tooLarge));
        }
        if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest().body(unknownField(unknown));
        }
        // Say where and what in the client's terms; the parser's own message names Java types and is not shown.
        tools.jackson.core.JacksonException parse = causeOf(e, tools.jackson.core.JacksonException.class);
        String pointer = parse == null ? "" : pointer(parse.getPath());
        String where = parse == null || parse.getLocation() == null
                ? ""
                : " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
        String what = parse instanceof tools.jackson.core.exc.StreamReadException
                && !(parse instanceof tools.jackson.databind.exc.MismatchedInputException)
                        ? "is not well-formed JSON"
                        : pointer.isEmpty()
                                ? "does not have the shape this endpoint expects"
                                : "has a value of the wrong type or range at " + pointer;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body " + what + where
                + ".");
        body.setTitle("Unreadable request");
        if (!pointer.isEmpty()) {
            body.setProperty("errors", List.of(new ApiProblem.FieldError(pointer, "wrong type or out of range",
                    null)));
        }
        return ResponseEntity.badRequest().body(body);
    }

    /** A chunked body that outgrew the limit while a controller read it as a stream. */
    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                .body(tooLarge(e));
    }

    private static ProblemDetail tooLarge(BodyTooLargeException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than the " + e.limit() + " bytes accepted; at most " + e.limit()
                        + " are accepted.");
        body.setTitle("Request too large");
        return body;
    }

    private static String pointer(List<tools.jackson.core.JacksonException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference step : path) {
            pointer.append('/');
            if (step.getPropertyName() != null) {
                pointer.append(step.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (step.getIndex() >= 0) {
                pointer.append(step.getIndex());
            }
        }
        return pointer.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * A field this endpoint does not read: named, with the fields it does read, instead of being ignored (a script
     * that spells a field differently from the documentation must find out, not get a default silently).
     */
    private static ProblemDetail unknownField(UnrecognizedPropertyException e) {
        String pointer = pointer(e.getPath());
        List<String> known = e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String hint = known.stream().filter(k -> k.replace("_", "").equalsIgnoreCase(e.getPropertyName()))
                .findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Unknown field '" + e.getPropertyName() + "'" + hint + ": this endpoint reads "
                        + (known.isEmpty() ? "no fields here" : String.join(", ", known))
                        + " (the API spells fields in snake_case).");
        body.setTitle("Unknown field");
        body.setProperty("errors", List.of(new ApiProblem.FieldError(pointer,
                "is not a field of this request" + hint, String.join(", ", known))));
        return body;
    }

    /**
     * Two requests changed the same thing at once (a lost optimistic check, or a lock conflict such as a deadlock
     * the database broke); this one lost and changed nothing.
     */
    @ExceptionHandler(org.springframework.dao.ConcurrencyFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(RuntimeException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Someone changed this at the same moment; nothing was changed by this request. Reload and retry.");
        body.setTitle("Concurrent change");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    /** The database is away (restarting, unreachable): nothing was applied, and retrying later will work. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.dao.TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("Database unavailable: {}", e.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The composer's database is temporarily unavailable; nothing was changed. Please retry shortly.");
        body.setTitle("Temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(body);
    }

    /** Anything unexpected: logged with its stack trace for us, a plain sentence for the client. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the request was not applied. Please retry.");
        body.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(body);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
