package io.analogcomposer.api.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Security settings ({@code composer.security.*}).
 *
 * @param signupEnabled whether anyone may create an account ({@code POST /api/v1/auth/signup}); otherwise
 *        admins create accounts
 * @param jwtSecret HMAC secret (at least 32 bytes) for the short-lived JWTs exchanged for API tokens, shared by
 *        every replica; required: the API refuses to start without it (the standalone composer generates one
 *        once and keeps it in its data directory)
 * @param jwtLifetime how long an exchanged JWT is valid
 * @param maxFailedSignIns failed sign-ins in a row before the account locks
 * @param lockoutBase first lock duration; it doubles with every further failure
 * @param lockoutMax longest lock
 * @param signInsPerMinute sign-in and token-exchange attempts allowed per client address per minute
 * @param submissionsPerMinute run submissions allowed per user per minute
 * @param maxRequestBody largest accepted request body
 * @param maxRunningRuns default per-user limit of runs running at once
 * @param maxQueuedRuns default per-user limit of runs waiting, validating or queued
 */
@ConfigurationProperties("composer.security")
public record SecuritySettings(@DefaultValue("false") boolean signupEnabled, @DefaultValue("") String jwtSecret,
        @DefaultValue("1h") Duration jwtLifetime, @DefaultValue("5") int maxFailedSignIns,
        @DefaultValue("1m") Duration lockoutBase, @DefaultValue("1h") Duration lockoutMax,
        @DefaultValue("20") int signInsPerMinute, @DefaultValue("120") int submissionsPerMinute,
        @DefaultValue("4MB") DataSize maxRequestBody, @DefaultValue("4") int maxRunningRuns,
        @DefaultValue("100") int maxQueuedRuns) {}
