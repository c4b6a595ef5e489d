package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The signed-in account as Spring Security sees it; controllers take it with {@code @AuthenticationPrincipal}. */
public record AccountPrincipal(UUID id, String username, String passwordHash, UserAccount.Role role,
        boolean enabled, boolean locked) implements UserDetails, java.io.Serializable {

    public static AccountPrincipal of(UserAccount account) {
        return new AccountPrincipal(account.id(), account.username(), account.passwordHash(), account.role(),
                account.enabled(), account.lockedAt(java.time.Instant.now()));
    }

    /** The principal without its password hash, as kept in sessions and built from tokens. */
    public AccountPrincipal withoutPassword() {
        return new AccountPrincipal(id, username, "", role, enabled, locked);
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    public boolean admin() {
        return role == UserAccount.Role.ADMIN;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }
}
