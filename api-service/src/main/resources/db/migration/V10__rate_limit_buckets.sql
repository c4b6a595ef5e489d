-- Rate-limit buckets (Bucket4j's PostgreSQL proxy manager) shared by every API replica: one row per key such as
-- "sign-in:<address>/20"; state is Bucket4j's serialized bucket, expires_at (epoch milliseconds) when it is full
-- again and the row may be removed.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(255) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);
