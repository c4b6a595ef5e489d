-- The AIHWKit cloud client's view of experiments (io.analogcomposer.api.compat): which experiments it created
-- (category train/inference; all others show as trainweb/inferenceweb), the protobuf inputs it uploaded through
-- pre-signed URLs, and the jobs it queued (a job is a run, or a refusal when the input cannot run).
CREATE TABLE compat_experiment (
    experiment_id UUID PRIMARY KEY REFERENCES experiment (id),
    owner_id      UUID        NOT NULL REFERENCES user_account (id),
    category      VARCHAR(16) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE compat_input (
    id            UUID PRIMARY KEY,
    experiment_id UUID        NOT NULL REFERENCES experiment (id),
    owner_id      UUID        NOT NULL REFERENCES user_account (id),
    device        VARCHAR(32) NOT NULL,
    content       BYTEA,
    -- Why the uploaded message cannot run (one line per problem); NULL when it translated and validated.
    problems      TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    uploaded_at   TIMESTAMPTZ
);
CREATE INDEX compat_input_experiment ON compat_input (experiment_id, uploaded_at DESC);

CREATE TABLE compat_job (
    -- The run's id when a run was submitted, so that the client's job id and our run id are the same.
    id            UUID PRIMARY KEY,
    experiment_id UUID        NOT NULL REFERENCES experiment (id),
    owner_id      UUID        NOT NULL REFERENCES user_account (id),
    input_id      UUID        NOT NULL REFERENCES compat_input (id),
    run_id        UUID REFERENCES run (id),
    device        VARCHAR(32) NOT NULL,
    failure       TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX compat_job_experiment ON compat_job (experiment_id, created_at DESC);
