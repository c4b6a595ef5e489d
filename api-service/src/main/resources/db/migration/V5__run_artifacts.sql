-- Files runs produce (trained weights), stored with the run and offered for download.
CREATE TABLE run_artifact (
    run_id     UUID         NOT NULL REFERENCES run (id),
    name       VARCHAR(100) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT       NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    content    BYTEA        NOT NULL,
    attempt    INT          NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (run_id, name)
);
