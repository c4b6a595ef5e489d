package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing in and out, signing up, who am I, and exchanging an API token for a short-lived JWT. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    record Credentials(String username, String password) {}

    record TokenExchange(String apiToken) {}

    private final AuthenticationConfiguration authConfig;
    private final SecurityContextRepository contexts;
    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final SecuritySettings settings;
    private final ApiTokens tokens;
    private final Jwts jwts;
    private final AuditLog audit;

    AuthController(AuthenticationConfiguration authConfig, SecurityContextRepository contexts,
            UserAccountRepository accounts, PasswordEncoder encoder, SecuritySettings settings, ApiTokens tokens,
            Jwts jwts, AuditLog audit) {
        this.authConfig = authConfig;
        this.contexts = contexts;
        this.accounts = accounts;
        this.encoder = encoder;
        this.settings = settings;
        this.tokens = tokens;
        this.jwts = jwts;
        this.audit = audit;
    }

    /** Password sign-in for browsers: starts a server-side session (a new session id, against fixation). */
    @PostMapping("/login")
    Map<String, Object> login(@RequestBody Credentials credentials, HttpServletRequest request,
            HttpServletResponse response) throws Exception {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw ApiProblem.badRequest("Give a user name and a password",
                    new FieldError("/username", "required", null), new FieldError("/password", "required", null));
        }
        AuthenticationManager manager = authConfig.getAuthenticationManager();
        Authentication result;
        try {
            result = manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                    credentials.username(), credentials.password()));
        } catch (AuthenticationException e) {
            if (e instanceof org.springframework.security.authentication.InternalAuthenticationServiceException) {
                throw e;
            }
            // The same answer for an unknown name, a wrong password and a locked or disabled account, so that
            // nobody learns which accounts exist or are locked.
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Sign-in failed",
                    "Wrong user name or password, or the account is temporarily locked after failed sign-ins.",
                    List.of());
        }
        AccountPrincipal principal = ((AccountPrincipal) result.getPrincipal()).withoutPassword();
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SessionFreshness.markSignedIn(request);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        audit.record(principal.id(), principal.username(), "sign_in", null, Map.of("method", "password"));
        return me(principal);
    }

    @PostMapping("/signup")
    @Transactional
    ResponseEntity<Map<String, Object>> signup(@RequestBody Credentials credentials) {
        if (!settings.signupEnabled()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Sign-up disabled",
                    "This composer does not allow self sign-up; ask an administrator for an account.", List.of());
        }
        UserAccount account = Accounts.create(accounts, encoder, credentials, UserAccount.Role.USER);
        audit.record(account.id(), account.username(), "account.created", account.id().toString(),
                Map.of("by", "sign-up"));
        return ResponseEntity.status(HttpStatus.CREATED).body(me(AccountPrincipal.of(account)));
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal AccountPrincipal me) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", me.id());
        view.put("username", me.username());
        view.put("role", me.role().name().toLowerCase(java.util.Locale.ROOT));
        return view;
    }

    /**
     * Exchanges an API token for a short-lived JWT (the flow of the real composer's client). A bad token is a
     * 400 with a message, as that client expects.
     */
    @PostMapping("/token")
    Map<String, Object> token(@RequestBody TokenExchange exchange) {
        ApiTokens.Exchanged exchanged = tokens.exchange(exchange == null ? null : exchange.apiToken())
                .orElseThrow(() -> ApiProblem.badRequest("The API token is unknown, revoked or expired",
                        new FieldError("/api_token", "not a valid API token", null)));
        AccountPrincipal principal = exchanged.principal();
        Jwts.Issued jwt = jwts.issue(exchanged);
        audit.record(principal.id(), principal.username(), "sign_in", null, Map.of("method", "api_token"));
        return Map.of("jwt", jwt.token(), "expires_at", jwt.expiresAt());
    }
}
