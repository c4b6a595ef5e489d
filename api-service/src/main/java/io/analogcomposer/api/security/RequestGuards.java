package io.analogcomposer.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cheap checks before any work: bodies larger than allowed (413) and sign-in attempts faster than allowed per
 * client address (429 with Retry-After).
 */
class RequestGuards extends OncePerRequestFilter {

    /** Endpoints where passwords or tokens are tried. */
    static final Set<String> SIGN_IN_PATHS = Set.of("/api/v1/auth/login", "/api/v1/auth/token",
            "/api/v1/auth/signup", "/aihw/token/login");

    /** Uploads of target conductances, which may be larger than other bodies (a whole chip's file). */
    static final String CONDUCTANCE_UPLOAD_PATH = "/api/v1/conductance-files";

    /** Uploads of users' own datasets, larger still. */
    static final String DATASET_UPLOAD_PATH = "/api/v1/datasets";

    private final SecuritySettings settings;
    private final RateLimits limits;
    private final long maxUpload;
    private final long maxDatasetUpload;

    RequestGuards(SecuritySettings settings, RateLimits limits, long maxUpload, long maxDatasetUpload) {
        this.settings = settings;
        this.limits = limits;
        this.maxUpload = maxUpload;
        this.maxDatasetUpload = maxDatasetUpload;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean post = "POST".equals(request.getMethod());
        long max = post && CONDUCTANCE_UPLOAD_PATH.equals(request.getRequestURI())
                ? maxUpload
                : post && DATASET_UPLOAD_PATH.equals(request.getRequestURI())
                        ? maxDatasetUpload
                        : settings.maxRequestBody().toBytes();
        if (length > max) {
            Problems.write(response, 413, "Request too large", "The request body has " + length
                    + " bytes; at most " + max + " are accepted.", null);
            return;
        }
        if ("POST".equals(request.getMethod()) && SIGN_IN_PATHS.contains(request.getRequestURI())) {
            long wait = limits.tryConsume("sign-in:" + request.getRemoteAddr(), settings.signInsPerMinute());
            if (wait > 0) {
                Problems.write(response, 429, "Too many attempts", "Too many sign-in attempts from your address; "
                        + "retry in " + wait + " s.", wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
