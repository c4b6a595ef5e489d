-- Accounts of the people who use the composer. Passwords are stored only as adaptive hashes
-- ({id}-prefixed, as Spring Security's delegating encoder writes them), never in clear.
CREATE TABLE user_account (
    id            UUID PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
