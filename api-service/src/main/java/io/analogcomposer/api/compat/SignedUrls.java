package io.analogcomposer.api.compat;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pre-signed transfer URLs in place of the object store IBM's composer hands out: the AIHWKit client PUTs and
 * GETs them without any credentials, so the URL itself is the authorization. Each signature covers one purpose
 * (upload an input, download an input, download an output), one id and an expiry, so a URL can neither be reused
 * for another object or direction nor kept forever.
 */
@Component
class SignedUrls {

    private static final Logger log = LoggerFactory.getLogger(SignedUrls.class);

    /** What a URL may be used for, and the path segment it is served under. */
    enum Purpose {
        UPLOAD_INPUT("inputs"), DOWNLOAD_INPUT("inputs"), DOWNLOAD_OUTPUT("outputs");

        private final String segment;

        Purpose(String segment) {
            this.segment = segment;
        }
    }

    private final CompatProperties properties;
    private final SecretKeySpec key;
    private final Clock clock;

    @Autowired
    SignedUrls(CompatProperties properties, io.analogcomposer.api.security.SecuritySettings security) {
        this(properties, security.jwtSecret(), Clock.systemUTC());
    }

    /**
     * @param jwtSecret the sign-in tokens' secret, which every replica shares and which must be set: without a URL
     *        secret of its own, the key is derived from it, so a URL one replica signed works on all of them and
     *        after a restart
     */
    SignedUrls(CompatProperties properties, String jwtSecret, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        byte[] secret = properties.urlSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0) {
            if (jwtSecret == null || jwtSecret.isEmpty()) {
                throw new IllegalArgumentException("composer.compat.url-secret or composer.security.jwt-secret must"
                        + " be set: transfer URLs are signed with one of them");
            }
            secret = derive(jwtSecret);
            log.info("No composer.compat.url-secret set: transfer URLs are signed with a key derived from the JWT"
                    + " secret");
        } else if (secret.length < 32) {
            throw new IllegalArgumentException(
                    "composer.compat.url-secret must be at least 32 bytes, has " + secret.length);
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A key of its own for URLs (HMAC of a fixed label under the JWT secret), so neither key reveals the other. */
    private static byte[] derive(String jwtSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("analog-composer transfer URLs".getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** An absolute URL on this service (as the client reached it) for the purpose and id. */
    String url(Purpose purpose, UUID id) {
        long expires = clock.instant().plus(properties.urlLifetime()).getEpochSecond();
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(properties.prefix() + "files/" + purpose.segment + "/" + id).queryParam("expires", expires)
                .queryParam("signature", signature(purpose, id, expires)).build().toUriString();
    }

    /** Whether the signature is this service's for exactly this purpose and id, and has not expired. */
    boolean valid(Purpose purpose, UUID id, long expires, String signature) {
        if (signature == null || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(signature(purpose, id, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(Purpose purpose, UUID id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(
                    mac.doFinal((purpose.name() + "\n" + id + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
