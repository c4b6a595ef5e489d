package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own account: password and personal API tokens. */
@RestController
@RequestMapping("/api/v1/account")
class AccountController {

    record PasswordChange(String currentPassword, String newPassword) {}

    record NewToken(String name, Integer expiresInDays) {}

    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final ApiTokens tokens;
    private final AuditLog audit;

    private final SecuritySettings settings;

    AccountController(UserAccountRepository accounts, PasswordEncoder encoder, ApiTokens tokens, AuditLog audit,
            SecuritySettings settings) {
        this.settings = settings;
        this.accounts = accounts;
        this.encoder = encoder;
        this.tokens = tokens;
        this.audit = audit;
    }

    /**
     * Changes the password after checking the current one. A wrong current password counts as a failed sign-in
     * (so guessing it locks password checks like guessing at sign-in does, and the attempts are rate-limited);
     * success ends every other session and JWT of the account, this session stays signed in.
     */
    @PostMapping("/password")
    @Transactional(noRollbackFor = ApiProblem.class)
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody PasswordChange change, jakarta.servlet.http.HttpServletRequest request) {
        UserAccount account = accounts.findById(me.id()).orElseThrow();
        java.time.Instant now = java.time.Instant.now();
        boolean right = change != null && change.currentPassword() != null && !account.lockedAt(now)
                && encoder.matches(change.currentPassword(), account.passwordHash());
        if (!right) {
            if (change != null && change.currentPassword() != null) {
                account.signInFailed(settings.maxFailedSignIns(), settings.lockoutBase(), settings.lockoutMax(), now);
            }
            throw ApiProblem.badRequest("The current password is wrong",
                    new FieldError("/current_password", "does not match", null));
        }
        Accounts.checkPassword("/new_password", change.newPassword());
        account.changePassword(encoder.encode(change.newPassword()));
        account.signInSucceeded();
        if (request.getSession(false) != null) {
            SessionFreshness.markSignedIn(request);
        }
        audit.record(me.id(), me.username(), "password.changed", me.id().toString(), Map.of());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    List<Map<String, Object>> listTokens(@AuthenticationPrincipal AccountPrincipal me) {
        return tokens.list(me.id()).stream().map(AccountController::view).toList();
    }

    @PostMapping("/tokens")
    ResponseEntity<Map<String, Object>> createToken(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody NewToken request) {
        ApiTokens.Created created = tokens.create(me, request == null ? null : request.name(),
                request == null ? null : request.expiresInDays());
        Map<String, Object> body = view(created.token());
        body.put("token", created.secret());
        return ResponseEntity.created(URI.create("/api/v1/account/tokens/" + created.token().id())).body(body);
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revokeToken(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        tokens.revoke(me, id);
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> view(ApiToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id());
        view.put("name", token.name());
        view.put("prefix", token.prefix());
        view.put("created_at", token.createdAt());
        view.put("last_used_at", token.lastUsedAt());
        view.put("expires_at", token.expiresAt());
        view.put("revoked_at", token.revokedAt());
        return view;
    }
}
