-- Experiments are users' documents; runs are executions of an experiment's document at a point in time.
CREATE TABLE experiment (
    id              UUID PRIMARY KEY,
    owner_id        UUID         NOT NULL REFERENCES user_account (id),
    name            VARCHAR(200) NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    tags            TEXT[]       NOT NULL DEFAULT '{}',
    notes           TEXT         NOT NULL DEFAULT '',
    template_id     VARCHAR(100),
    document        JSONB        NOT NULL,
    last_run_status VARCHAR(16),
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    deleted_at      TIMESTAMPTZ,
    version         BIGINT       NOT NULL DEFAULT 0
);
-- Listing is "my live experiments, newest first", paged by (created_at, id).
CREATE INDEX experiment_owner_created ON experiment (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE run (
    id                 UUID PRIMARY KEY,
    experiment_id      UUID        NOT NULL REFERENCES experiment (id),
    owner_id           UUID        NOT NULL REFERENCES user_account (id),
    status             VARCHAR(16) NOT NULL,
    requested_backend  VARCHAR(16),
    backend            VARCHAR(16),
    attempt            INT         NOT NULL DEFAULT 0,
    submitted_document JSONB       NOT NULL,
    resolved_document  JSONB,
    result             JSONB,
    errors             JSONB,
    warnings           JSONB,
    failure_reason     TEXT,
    failure_code       VARCHAR(64),
    worker             VARCHAR(200),
    cancel_requested   BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMPTZ NOT NULL,
    validated_at       TIMESTAMPTZ,
    started_at         TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    last_seen_at       TIMESTAMPTZ,
    version            BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX run_experiment_created ON run (experiment_id, created_at DESC, id DESC);
CREATE INDEX run_owner_created ON run (owner_id, created_at DESC, id DESC);
CREATE INDEX run_active ON run (status) WHERE status IN ('waiting', 'validating', 'validated', 'running');

-- One row per progress step; a re-sent step replaces the earlier one (idempotent by the key).
CREATE TABLE run_metric (
    run_id           UUID             NOT NULL REFERENCES run (id),
    kind             VARCHAR(16)      NOT NULL,
    step             INT              NOT NULL,
    total_steps      INT              NOT NULL,
    t_inference      DOUBLE PRECISION,
    repetitions_done INT,
    metrics          JSONB            NOT NULL,
    recorded_at      TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (run_id, kind, step)
);

-- Event ids already applied, so a redelivered or duplicated event is applied once.
CREATE TABLE processed_event (
    event_id     UUID PRIMARY KEY,
    run_id       UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Transactional outbox: a message is written in the same transaction as the state it announces and
-- published afterwards by the relay, so it goes out if and only if that transaction committed.
CREATE TABLE outbox_message (
    id           BIGSERIAL PRIMARY KEY,
    run_id       UUID,
    exchange     VARCHAR(200) NOT NULL,
    routing_key  VARCHAR(200) NOT NULL,
    payload      JSONB        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ,
    attempts     INT          NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX outbox_unpublished ON outbox_message (id) WHERE published_at IS NULL;
