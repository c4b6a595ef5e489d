package io.analogcomposer.api.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the composer. */
@Entity
@Table(name = "user_account")
public class UserAccount {

    /** What an account may do: USER works on its own experiments, ADMIN also manages users and quotas. */
    public enum Role {
        USER, ADMIN
    }

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "failed_sign_ins", nullable = false)
    private int failedSignIns;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    /** When the password last changed: sessions and JWTs from before then no longer work. */
    @Column(name = "credentials_changed_at")
    private Instant credentialsChangedAt;

    @Column(name = "max_running_runs")
    private Integer maxRunningRuns;

    @Column(name = "max_queued_runs")
    private Integer maxQueuedRuns;

    protected UserAccount() {
    }

    public UserAccount(String username, String passwordHash, Role role) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = Instant.now();
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Role role() {
        return role;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public int failedSignIns() {
        return failedSignIns;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public Integer maxRunningRuns() {
        return maxRunningRuns;
    }

    public Integer maxQueuedRuns() {
        return maxQueuedRuns;
    }

    /** A wrong password: after {@code allowed} failures in a row the account locks for a doubling time. */
    public void signInFailed(int allowed, java.time.Duration base, java.time.Duration max, Instant now) {
        failedSignIns++;
        if (failedSignIns >= allowed) {
            int doublings = Math.min(failedSignIns - allowed, 20);
            java.time.Duration lock = base.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(max) > 0 ? max : lock);
        }
    }

    public void signInSucceeded() {
        failedSignIns = 0;
        lockedUntil = null;
    }

    public void changePassword(String passwordHash) {
        this.passwordHash = passwordHash;
        this.credentialsChangedAt = Instant.now();
    }

    /** Whether a sign-in or JWT issued at that time predates the last password change. */
    public boolean credentialsChangedSince(Instant issuedAt) {
        return credentialsChangedAt != null
                && issuedAt.isBefore(credentialsChangedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void setQuotas(Integer maxRunningRuns, Integer maxQueuedRuns) {
        this.maxRunningRuns = maxRunningRuns;
        this.maxQueuedRuns = maxQueuedRuns;
    }
}
