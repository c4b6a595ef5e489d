-- The latest training state a run's worker saved at an epoch boundary: a later attempt (after a crash or a hand-back
-- on shutdown) continues from it. Dropped when the run ends.
CREATE TABLE run_checkpoint (
    run_id      UUID        PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    attempt     INT         NOT NULL,
    epochs_done INT         NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    sha256      VARCHAR(64) NOT NULL,
    content     BYTEA       NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL
);
