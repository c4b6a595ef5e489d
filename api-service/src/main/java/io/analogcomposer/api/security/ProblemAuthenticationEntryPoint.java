package io.analogcomposer.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers unauthenticated API calls with problem details. When credentials could not be checked at all (the
 * account store is unreachable) that is a 503 the client should retry, not a 401 that tells it its password is
 * wrong. No WWW-Authenticate challenge is sent, so browsers never pop up their own password dialog over the UI.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final RateLimits limits;
    private final SecuritySettings settings;

    ProblemAuthenticationEntryPoint(RateLimits limits, SecuritySettings settings) {
        this.limits = limits;
        this.settings = settings;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof InternalAuthenticationServiceException) {
            Problems.write(response, 503, "Temporarily unavailable",
                    "Sign-in is temporarily unavailable (the account store does not answer); please retry shortly.",
                    5L);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            // Wrong passwords in a header count against the caller's address, so guessing them is throttled.
            limits.record(RequestGuards.failuresKey(request.getRemoteAddr()), settings.signInsPerMinute());
        }
        // One answer whatever the reason (no such user, wrong password, locked, disabled, revoked token): a caller
        // cannot tell which user names exist or which accounts are locked.
        Problems.write(response, 401, "Unauthorized",
                "Sign in: a session cookie, HTTP Basic credentials, or an API token as 'Authorization: Bearer'.",
                null);
    }
}
