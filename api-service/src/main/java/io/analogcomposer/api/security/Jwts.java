package io.analogcomposer.api.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/** Short-lived JWTs (HS256) that an API token can be exchanged for, as the real composer's client expects. */
@Component
public class Jwts {

    private static final Logger log = LoggerFactory.getLogger(Jwts.class);
    static final String ISSUER = "analog-composer";
    /** The claim naming the API token a JWT was exchanged for. */
    static final String TOKEN_ID = "tid";

    private final NimbusJwtEncoder encoder;
    private final JwtDecoder decoder;
    private final SecuritySettings settings;

    Jwts(SecuritySettings settings) {
        this.settings = settings;
        byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.info("No composer.security.jwt-secret set: JWTs are signed with a random key valid until restart");
        } else if (secret.length < 32) {
            throw new IllegalArgumentException("composer.security.jwt-secret must be at least 32 bytes, has "
                    + secret.length);
        }
        SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }

    /** A signed JWT for the account, with its expiry. */
    public record Issued(String token, Instant expiresAt) {}

    /** A JWT made from an API token: it names the token, so revoking the token ends the JWT at once. */
    public Issued issue(ApiTokens.Exchanged exchanged) {
        return issue(exchanged.principal(), exchanged.tokenId(), Instant.now(), settings.jwtLifetime());
    }

    /** For tests of expiry: a token issued at a given time. */
    Issued issue(AccountPrincipal account, java.util.UUID tokenId, Instant now, java.time.Duration lifetime) {
        Instant expires = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(account.id().toString())
                .claim("username", account.username()).claim(TOKEN_ID, tokenId.toString()).issuedAt(now)
                .expiresAt(expires).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, expires);
    }

    JwtDecoder decoder() {
        return decoder;
    }
}
