package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens for scripts and the CLI. A token is {@code aimc_} plus 40 random base-62 characters
 * (238 bits); it is shown once, stored as its SHA-256 (a slow hash is pointless for such entropy and would
 * make every API call slow), listed by name and prefix, and can be revoked at any time.
 */
@Service
public class ApiTokens {

    static final String PREFIX = "aimc_";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .toCharArray();
    private static final int MAX_TOKENS = 50;
    /** Last-use timestamps are refreshed at most this often, not on every call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiTokenRepository tokens;
    private final UserAccountRepository accounts;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(ApiTokenRepository tokens, UserAccountRepository accounts, AuditLog audit) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** A new token and its secret, which is never retrievable again. */
    public record Created(ApiToken token, String secret) {}

    @Transactional
    public Created create(AccountPrincipal owner, String name, Integer expiresInDays) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw ApiProblem.badRequest("Invalid token name",
                    new FieldError("/name", "a token needs a name of 1 to 100 characters", null));
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 3650)) {
            throw ApiProblem.badRequest("Invalid expiry", new FieldError("/expires_in_days",
                    "must be between 1 and 3650 days, was " + expiresInDays, "1..3650 or absent (never)"));
        }
        long active = tokens.findByOwnerIdOrderByCreatedAtDesc(owner.id()).stream()
                .filter(t -> t.usableAt(Instant.now())).count();
        if (active >= MAX_TOKENS) {
            throw ApiProblem.conflict("You already have " + active + " active tokens; revoke one first");
        }
        StringBuilder secret = new StringBuilder(PREFIX);
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        Instant expires = expiresInDays == null ? null : Instant.now().plus(Duration.ofDays(expiresInDays));
        ApiToken token = tokens.save(new ApiToken(owner.id(), clean, secret.substring(0, PREFIX.length() + 4),
                sha256(secret.toString()), expires));
        audit.record(owner.id(), owner.username(), "token.created", token.id().toString(),
                Map.of("name", clean, "prefix", token.prefix()));
        return new Created(token, secret.toString());
    }

    @Transactional(readOnly = true)
    public List<ApiToken> list(UUID owner) {
        return tokens.findByOwnerIdOrderByCreatedAtDesc(owner);
    }

    @Transactional
    public void revoke(AccountPrincipal owner, UUID id) {
        ApiToken token = tokens.findById(id).filter(t -> t.ownerId().equals(owner.id()))
                .orElseThrow(() -> ApiProblem.notFound("Token", id));
        token.revoke(Instant.now());
        audit.record(owner.id(), owner.username(), "token.revoked", id.toString(), Map.of("name", token.name()));
    }

    /** The account a token secret belongs to, and which token it is. */
    public record Exchanged(AccountPrincipal principal, UUID tokenId) {}

    /**
     * The account a token secret belongs to, if the token exists, is not revoked or expired, and the account is
     * enabled. A lock after failed password sign-ins does not stop tokens: the lock guards the password, and
     * otherwise anyone could switch off someone else's scripts by guessing wrong five times.
     */
    @Transactional
    public Optional<AccountPrincipal> authenticate(String secret) {
        return exchange(secret).map(Exchanged::principal);
    }

    @Transactional
    public Optional<Exchanged> exchange(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        return tokens.findBySecretHash(sha256(secret)).filter(t -> t.usableAt(now)).flatMap(t -> {
            if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
                t.used(now);
            }
            return accounts.findById(t.ownerId()).filter(UserAccount::enabled)
                    .map(a -> new Exchanged(AccountPrincipal.of(a).withoutPassword(), t.id()));
        });
    }

    /** Whether the token still works (not revoked, not expired): JWTs made from it live only as long. */
    @Transactional(readOnly = true)
    public boolean usable(UUID tokenId) {
        return tokens.findById(tokenId).filter(t -> t.usableAt(Instant.now())).isPresent();
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
