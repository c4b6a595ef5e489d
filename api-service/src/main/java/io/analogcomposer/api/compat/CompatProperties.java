package io.analogcomposer.api.compat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The AIHWKit-compatible API ({@code composer.compat.*}).
 *
 * @param prefix path under which the API is served; users set {@code api_url = https://<host><prefix without
 *            the trailing slash>} in {@code aihwkit.conf}
 * @param urlSecret key of the HMAC that signs upload and download URLs; replicas behind one address must share
 *            it (blank: a key derived from the JWT secret, which replicas share anyway)
 * @param urlLifetime how long a signed URL works
 * @param maxInputSize the largest protobuf input accepted on an upload URL
 */
@ConfigurationProperties("composer.compat")
public record CompatProperties(@DefaultValue("/aihw/") String prefix, @DefaultValue("") String urlSecret,
        @DefaultValue("15m") Duration urlLifetime, @DefaultValue("1MB") DataSize maxInputSize) {

    public CompatProperties {
        String p = prefix == null || prefix.isBlank() ? "/aihw/" : prefix.strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        if (p.equals("/")) {
            throw new IllegalArgumentException("composer.compat.prefix must not be '/': the API needs its own path");
        }
        prefix = p;
    }

    /** The prefix without its trailing slash, e.g. {@code /aihw}. */
    public String base() {
        return prefix.substring(0, prefix.length() - 1);
    }
}
