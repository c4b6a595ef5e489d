package io.analogcomposer.api.security;

import io.analogcomposer.spec.json.SpecJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem details from filters, which run before the MVC error handling. */
final class Problems {

    private Problems() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail, Long retryAfter)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.getWriter().write(SpecJson.write(body));
    }
}
