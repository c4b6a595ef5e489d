package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates {@code Authorization: Bearer ...}: either a personal access token ({@code aimc_...}) or a JWT
 * this service issued in exchange for one. Either way the result is the account's principal, re-read so that a
 * disabled or locked account stops working at once.
 */
@Component
public class BearerAuthentication {

    private final ApiTokens tokens;
    private final Jwts jwts;
    private final UserAccountRepository accounts;

    BearerAuthentication(ApiTokens tokens, Jwts jwts, UserAccountRepository accounts) {
        this.tokens = tokens;
        this.jwts = jwts;
        this.accounts = accounts;
    }

    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        AccountPrincipal principal = token.startsWith(ApiTokens.PREFIX)
                ? tokens.authenticate(token)
                        .orElseThrow(() -> new BadCredentialsException("unknown, revoked or expired API token"))
                : fromJwt(token);
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    private AccountPrincipal fromJwt(String token) {
        Jwt jwt;
        try {
            jwt = jwts.decoder().decode(token);
        } catch (JwtException e) {
            throw new BadCredentialsException("invalid or expired token");
        }
        if (!Jwts.ISSUER.equals(jwt.getClaimAsString("iss"))) {
            throw new BadCredentialsException("token from another issuer");
        }
        UUID id;
        UUID tokenId;
        try {
            id = UUID.fromString(jwt.getSubject());
            tokenId = UUID.fromString(jwt.getClaimAsString(Jwts.TOKEN_ID));
        } catch (RuntimeException e) {
            throw new BadCredentialsException("token without a valid subject or API token");
        }
        if (!tokens.usable(tokenId)) {
            throw new BadCredentialsException("the API token this JWT was made from is revoked or expired");
        }
        Instant issuedAt = jwt.getIssuedAt();
        return accounts.findById(id).filter(UserAccount::enabled)
                .filter(a -> issuedAt != null && !a.credentialsChangedSince(issuedAt))
                .map(a -> AccountPrincipal.of(a).withoutPassword())
                .orElseThrow(() -> new BadCredentialsException("account not available"));
    }
}
