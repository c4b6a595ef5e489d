-- Target conductances users upload as Fusion CSV files ("bring your own conductances") to program on the PCM chip.
-- The file is kept byte for byte; a run carries its own copy in its job message, so deleting a file does not
-- touch runs that used it.
CREATE TABLE conductance_file (
    id           UUID PRIMARY KEY,
    owner_id     UUID         NOT NULL REFERENCES user_account (id),
    name         VARCHAR(200) NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    layers       JSONB        NOT NULL,
    total_values BIGINT       NOT NULL,
    content      BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX conductance_file_owner_created ON conductance_file (owner_id, created_at DESC, id DESC);
