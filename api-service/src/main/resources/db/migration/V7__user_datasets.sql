-- Datasets users upload (IDX, .npz or CSV), checked and kept in one stored form: a ZIP of four IDX files (images
-- N×C×H×W and labels, unsigned bytes). Each user's total is limited by composer.datasets.uploads.quota-per-user.
CREATE TABLE user_dataset (
    id            UUID PRIMARY KEY,
    owner_id      UUID         NOT NULL REFERENCES user_account (id),
    name          VARCHAR(200) NOT NULL,
    source_format VARCHAR(10)  NOT NULL,
    channels      INT          NOT NULL,
    height        INT          NOT NULL,
    width         INT          NOT NULL,
    classes       INT          NOT NULL,
    train_samples INT          NOT NULL,
    test_samples  INT          NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    sha256        VARCHAR(64)  NOT NULL,
    content       BYTEA        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX user_dataset_owner_created ON user_dataset (owner_id, created_at DESC, id DESC);
