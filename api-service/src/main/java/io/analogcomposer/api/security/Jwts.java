package io.analogcomposer.api.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
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
            // A made-up key would make this replica refuse every other replica's JWTs and sign everyone out at
            // each restart, silently: refuse to start instead (the standalone composer supplies its kept key).
            throw new IllegalStateException("composer.security.jwt-secret (environment variable "
                    + "COMPOSER_SECURITY_JWT_SECRET) is not set: every API replica must be given the same secret "
                    + "of at least 32 bytes so that a JWT issued by one is accepted by all and survives restarts; "
                    + "generate one with `openssl rand -base64 48` (deploy/README.md)");
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
