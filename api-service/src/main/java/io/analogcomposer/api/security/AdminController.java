package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administration (role ADMIN): accounts, roles, quotas, the audit log. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    record NewUser(String username, String password, String role) {}

    record UserPatch(String role, Boolean enabled, Integer maxRunningRuns, Integer maxQueuedRuns, Boolean unlock) {}

    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    AdminController(UserAccountRepository accounts, PasswordEncoder encoder, AuditLog audit) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
    }

    @GetMapping("/users")
    List<Map<String, Object>> users() {
        return accounts.findAll().stream().map(AdminController::view).toList();
    }

    @PostMapping("/users")
    @Transactional
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody NewUser request) {
        UserAccount account = Accounts.create(accounts, encoder,
                new AuthController.Credentials(request.username(), request.password()), role(request.role()));
        audit.record(me.id(), me.username(), "account.created", account.id().toString(),
                Map.of("username", account.username(), "role", account.role().name()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(account));
    }

    @PatchMapping("/users/{id}")
    @Transactional
    Map<String, Object> update(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id,
            @RequestBody UserPatch patch) {
        UserAccount account = accounts.findById(id).orElseThrow(() -> ApiProblem.notFound("User", id));
        if (patch.role() != null) {
            account.setRole(role(patch.role()));
        }
        if (patch.enabled() != null) {
            account.setEnabled(patch.enabled());
        }
        if (patch.maxRunningRuns() != null || patch.maxQueuedRuns() != null) {
            checkQuota("/max_running_runs", patch.maxRunningRuns());
            checkQuota("/max_queued_runs", patch.maxQueuedRuns());
            account.setQuotas(patch.maxRunningRuns() == null ? account.maxRunningRuns() : patch.maxRunningRuns(),
                    patch.maxQueuedRuns() == null ? account.maxQueuedRuns() : patch.maxQueuedRuns());
        }
        if (Boolean.TRUE.equals(patch.unlock())) {
            account.signInSucceeded();
        }
        audit.record(me.id(), me.username(), "account.updated", id.toString(), Map.of("change", String.valueOf(patch)));
        return view(account);
    }

    @GetMapping("/audit")
    List<AuditLog.Entry> audit(@RequestParam(required = false) String action,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("Invalid limit", new FieldError("/limit", "1..1000, was " + limit, "1..1000"));
        }
        return audit.latest(limit, action);
    }

    private static void checkQuota(String pointer, Integer value) {
        if (value != null && (value < 0 || value > 10_000)) {
            throw ApiProblem.badRequest("Invalid quota", new FieldError(pointer, "0..10000, was " + value, "0..10000"));
        }
    }

    private static UserAccount.Role role(String role) {
        if (role == null) {
            return UserAccount.Role.USER;
        }
        try {
            return UserAccount.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Unknown role", new FieldError("/role", "'" + role + "' is not a role",
                    "user, admin"));
        }
    }

    private static Map<String, Object> view(UserAccount a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("username", a.username());
        view.put("role", a.role().name().toLowerCase(Locale.ROOT));
        view.put("enabled", a.enabled());
        view.put("locked_until", a.lockedUntil());
        view.put("max_running_runs", a.maxRunningRuns());
        view.put("max_queued_runs", a.maxQueuedRuns());
        view.put("created_at", a.createdAt());
        return view;
    }
}
