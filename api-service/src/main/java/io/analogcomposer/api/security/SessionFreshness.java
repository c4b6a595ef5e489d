package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends browser sessions that began before the account's password changed, or whose account was disabled or
 * removed: a session is a credential like a JWT, and changing the password must sign out every other browser.
 * The session that changed the password is marked anew, so it stays signed in.
 */
class SessionFreshness extends OncePerRequestFilter {

    /** Session attribute: when the password sign-in that started this session happened. */
    static final String SIGNED_IN_AT = "composer.signed_in_at";

    private final UserAccountRepository accounts;

    SessionFreshness(UserAccountRepository accounts) {
        this.accounts = accounts;
    }

    static void markSignedIn(HttpServletRequest request) {
        request.getSession(true).setAttribute(SIGNED_IN_AT, Instant.now());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && request.getHeader("Authorization") == null && authentication != null
                && authentication.getPrincipal() instanceof AccountPrincipal principal
                && session.getAttribute(SIGNED_IN_AT) instanceof Instant signedInAt && stale(principal, signedInAt)) {
            session.invalidate();
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    private boolean stale(AccountPrincipal principal, Instant signedInAt) {
        Optional<UserAccount> account = accounts.findById(principal.id());
        return account.isEmpty() || !account.get().enabled() || account.get().credentialsChangedSince(signedInAt);
    }
}
