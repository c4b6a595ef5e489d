package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Counts failed password sign-ins per account and locks it for a doubling time; a success resets the count. */
@Component
class SignInBackoff {

    private final UserAccountRepository accounts;
    private final SecuritySettings settings;
    private final AuditLog audit;

    SignInBackoff(UserAccountRepository accounts, SecuritySettings settings, AuditLog audit) {
        this.accounts = accounts;
        this.settings = settings;
        this.audit = audit;
    }

    @EventListener
    @Transactional
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        if (!(event.getAuthentication().getPrincipal() instanceof String username)) {
            return;
        }
        accounts.findByUsername(username).ifPresent(account -> {
            account.signInFailed(settings.maxFailedSignIns(), settings.lockoutBase(), settings.lockoutMax(),
                    Instant.now());
            audit.record(account.id(), account.username(), "sign_in.failed", null,
                    Map.of("failures_in_a_row", account.failedSignIns(), "locked",
                            account.lockedAt(Instant.now())));
        });
    }

    @EventListener
    @Transactional
    public void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AccountPrincipal principal) {
            accounts.findById(principal.id()).filter(a -> a.failedSignIns() > 0)
                    .ifPresent(a -> a.signInSucceeded());
        }
    }
}
