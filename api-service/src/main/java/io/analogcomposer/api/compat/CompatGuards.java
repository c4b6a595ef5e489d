package io.analogcomposer.api.compat;

import io.analogcomposer.api.compat.CompatViews.ErrorView;
import io.analogcomposer.api.security.RateLimits;
import io.analogcomposer.api.security.SecuritySettings;
import io.analogcomposer.spec.json.SpecJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The service's request limits on the compatible API too: the token exchange shares the sign-in budget per
 * client address (so a second login path gives no extra guesses), and JSON bodies are bounded like everywhere
 * else (uploads have their own limit, {@code composer.compat.max-input-size}).
 */
class CompatGuards extends OncePerRequestFilter {

    private final SecuritySettings settings;
    private final RateLimits limits;
    private final String loginPath;
    private final String filesPath;

    CompatGuards(SecuritySettings settings, RateLimits limits, CompatProperties properties) {
        this.settings = settings;
        this.limits = limits;
        this.loginPath = properties.prefix() + "token/login";
        this.filesPath = properties.prefix() + "files/";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        long length = request.getContentLengthLong();
        if (!path.startsWith(filesPath) && length > settings.maxRequestBody().toBytes()) {
            write(response, 413, "the request body has " + length + " bytes; at most "
                    + settings.maxRequestBody().toBytes() + " are accepted", null);
            return;
        }
        if ("POST".equals(request.getMethod()) && path.equals(loginPath)) {
            long wait = limits.tryConsume("sign-in:" + request.getRemoteAddr(), settings.signInsPerMinute());
            if (wait > 0) {
                write(response, 429, "too many login attempts from your address; retry in " + wait + " s", wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void write(HttpServletResponse response, int status, String message, Long retryAfter)
            throws IOException {
        response.setStatus(status);
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(SpecJson.write(new ErrorView(message, List.of())));
    }
}
