package io.analogcomposer.api.security;

import io.analogcomposer.api.web.BodyTooLargeException;
import io.analogcomposer.api.web.TextChecks;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cheap checks before any work: bodies larger than allowed (413, whether the size is announced or the body comes
 * chunked), text parameters with characters no field may hold (400), sign-in attempts faster than allowed per
 * client address, and credentials tried from an address that has failed too often (429 with Retry-After).
 */
class RequestGuards extends OncePerRequestFilter {

    /** Endpoints where passwords or tokens are tried. */
    static final Set<String> SIGN_IN_PATHS = Set.of("/api/v1/auth/login", "/api/v1/auth/token",
            "/api/v1/auth/signup", "/aihw/token/login", "/api/v1/account/password");

    /** Uploads of target conductances, which may be larger than other bodies (a whole chip's file). */
    static final String CONDUCTANCE_UPLOAD_PATH = "/api/v1/conductance-files";

    private final SecuritySettings settings;
    private final RateLimits limits;
    private final long maxUpload;

    RequestGuards(SecuritySettings settings, RateLimits limits, long maxUpload) {
        this.settings = settings;
        this.limits = limits;
        this.maxUpload = maxUpload;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        long max = maxBody(request);
        if (length > max) {
            tooLarge(response, "The request body has " + length + " bytes; at most " + max + " are accepted.");
            return;
        }
        String address = request.getRemoteAddr();
        if ("POST".equals(request.getMethod()) && SIGN_IN_PATHS.contains(request.getRequestURI())) {
            long wait = limits.tryConsume("sign-in:" + address, settings.signInsPerMinute());
            if (wait > 0) {
                Problems.write(response, 429, "Too many attempts", "Too many sign-in attempts from your address; "
                        + "retry in " + wait + " s.", wait);
                return;
            }
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            // A password in a header is checked on every call; guessing it is throttled by failures from the
            // address, so scripts that authenticate correctly are never slowed down. (API tokens carry 238 random
            // bits: nothing to guess.)
            long wait = limits.waitIfExhausted(failuresKey(address), settings.signInsPerMinute());
            if (wait > 0) {
                Problems.write(response, 429, "Too many attempts", "Too many failed credential checks from your "
                        + "address; retry in " + wait + " s.", wait);
                return;
            }
        }
        String badParameter = badQueryParameter(request);
        if (badParameter != null) {
            Problems.write(response, 400, "Invalid request", "The query parameter '" + badParameter
                    + "' contains a character no text here may hold (" + TextChecks.WHAT_IS_REFUSED + ").", null);
            return;
        }
        chain.doFilter(length < 0 ? new LimitedBody(request, max) : request, response);
    }

    /** The key under which failed header credentials of an address are counted. */
    static String failuresKey(String address) {
        return "credential-failures:" + address;
    }

    private long maxBody(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && CONDUCTANCE_UPLOAD_PATH.equals(request.getRequestURI())
                ? maxUpload
                : settings.maxRequestBody().toBytes();
    }

    static void tooLarge(HttpServletResponse response, String detail) throws IOException {
        // The rest of the body is not read: the connection is closed after this answer.
        response.setHeader("Connection", "close");
        Problems.write(response, 413, "Request too large", detail, null);
    }

    /** Only the query string is looked at: form bodies are left to their readers. */
    private static String badQueryParameter(HttpServletRequest request) {
        if (request.getQueryString() == null) {
            return null;
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!TextChecks.acceptable(parameter.getKey())) {
                return "(name)";
            }
            for (String value : parameter.getValue()) {
                if (!TextChecks.acceptable(value)) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }

    /**
     * A body of unknown length (chunked) read through a counter: past the limit, reading fails with
     * {@link BodyTooLargeException}, which the API answers with 413, so no reader ever holds more than the limit.
     */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > max) {
                            throw new BodyTooLargeException(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
