package io.analogcomposer.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers unauthenticated API calls with problem details. When credentials could not be checked at all (the
 * account store is unreachable) that is a 503 the client should retry, not a 401 that tells it its password is
 * wrong.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean unavailable = e instanceof InternalAuthenticationServiceException;
        HttpStatus status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED;
        if (unavailable) {
            response.setHeader("Retry-After", "5");
        } else {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Analog Composer\"");
        }
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        String detail = unavailable
                ? "Sign-in is temporarily unavailable (the account store does not answer); please retry shortly."
                : "Sign in: send a valid user name and password (HTTP Basic) or an API token.";
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + (unavailable
                ? "Temporarily unavailable"
                : "Unauthorized") + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }
}
