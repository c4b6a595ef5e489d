-- Sign-in backoff: consecutive failures and until when the account is locked.
ALTER TABLE user_account ADD COLUMN failed_sign_ins INT NOT NULL DEFAULT 0;
ALTER TABLE user_account ADD COLUMN locked_until TIMESTAMPTZ;
-- Per-user limits; NULL means the configured default.
ALTER TABLE user_account ADD COLUMN max_running_runs INT;
ALTER TABLE user_account ADD COLUMN max_queued_runs INT;

-- Personal access tokens. Only a SHA-256 of the secret is stored; the secret is shown once at creation.
CREATE TABLE api_token (
    id           UUID PRIMARY KEY,
    owner_id     UUID         NOT NULL REFERENCES user_account (id),
    name         VARCHAR(100) NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL,
    last_used_at TIMESTAMPTZ,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_token_owner ON api_token (owner_id, created_at DESC);

-- Who did what, when: sign-ins, tokens, submissions, cancellations, administration.
CREATE TABLE audit_event (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ  NOT NULL,
    actor_id   UUID,
    actor_name VARCHAR(64),
    action     VARCHAR(64)  NOT NULL,
    target     VARCHAR(200),
    details    JSONB        NOT NULL DEFAULT '{}',
    remote     VARCHAR(64)
);
CREATE INDEX audit_event_at ON audit_event (at DESC);
