-- When an account's password last changed: browser sessions and JWTs that began before then stop working.
ALTER TABLE user_account ADD COLUMN credentials_changed_at TIMESTAMPTZ;
-- User names are unique regardless of case ("Alice" and "alice" would be told apart by nobody).
CREATE UNIQUE INDEX user_account_username_lower ON user_account (lower(username));
