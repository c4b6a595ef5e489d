package io.analogcomposer.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside the controllers (the servlet container's error page, e.g. a request it refused
 * itself) as problem details like every other error, with the status's plain meaning and never exception text.
 * A request for {@code /error} itself, with no error behind it, is simply a path that does not exist.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden // the container's error page, not an operation of the API
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null
                ? HttpStatus.resolve(c)
                : HttpStatus.NOT_FOUND;
        String detail = switch (status) {
            case NOT_FOUND -> "There is nothing at this address.";
            case BAD_REQUEST -> "The request could not be understood (its address, headers or body are malformed).";
            case CONTENT_TOO_LARGE -> "The request is larger than the server accepts.";
            default -> status.is5xxServerError()
                    ? "Something went wrong on our side; the request was not applied. Please retry."
                    : status.getReasonPhrase() + ".";
        };
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
