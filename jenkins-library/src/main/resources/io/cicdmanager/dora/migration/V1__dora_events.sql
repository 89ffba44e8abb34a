-- The DORA event store. One migration set for SQLite and PostgreSQL: plain types only, times as epoch
-- milliseconds (BIGINT), flags as 0/1 integers.

CREATE TABLE dora_deployment (
    id              VARCHAR(255) NOT NULL PRIMARY KEY,
    service         VARCHAR(255) NOT NULL,
    environment     VARCHAR(255) NOT NULL,
    team            VARCHAR(255),
    version         VARCHAR(255) NOT NULL,
    commit_sha      VARCHAR(255) NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    deployed_by     VARCHAR(255),
    pipeline_url    VARCHAR(2048),
    -- Derived, so that a report aggregates deployments from an index without joining the other tables:
    -- from the status and commit times,
    succeeded       INTEGER      NOT NULL,
    counted_changes INTEGER      NOT NULL,
    -- and kept up to date as restores and incidents arrive, before or after the deployment: failed, caused an
    -- incident or was restored; the earliest restore or resolution of its incident at or after its finish.
    failed          INTEGER      NOT NULL,
    restored_at     BIGINT
);

-- A report over a window, with or without service/environment/team, reads one of these indexes alone.
CREATE INDEX dora_deployment_window ON dora_deployment (finished_at, service, environment, team, succeeded,
    failed, counted_changes, restored_at);
CREATE INDEX dora_deployment_service ON dora_deployment (service, environment, finished_at, team, succeeded,
    failed, counted_changes, restored_at);

-- One row per change a deployment ships. Service, environment, team and finish are copied from the deployment
-- (which never changes once recorded) so that lead-time percentiles are answered from an index.
CREATE TABLE dora_change (
    deployment_id VARCHAR(255) NOT NULL REFERENCES dora_deployment (id),
    ordinal       INTEGER      NOT NULL,
    commit_time   BIGINT       NOT NULL,
    service       VARCHAR(255) NOT NULL,
    environment   VARCHAR(255) NOT NULL,
    team          VARCHAR(255),
    finished_at   BIGINT       NOT NULL,
    -- finish − commit time when the change counts (a successful deployment, positive value), else NULL
    lead_ms       BIGINT,
    PRIMARY KEY (deployment_id, ordinal)
);

-- Walked in lead-time order to pick the median and P90 of a large selection without reading it all.
CREATE INDEX dora_change_lead ON dora_change (lead_ms, finished_at, service, environment, team);
-- Read in full for a small selection.
CREATE INDEX dora_change_window ON dora_change (finished_at, service, environment, team, lead_ms);
CREATE INDEX dora_change_service ON dora_change (service, environment, finished_at, lead_ms);

-- No foreign key to the deployment: webhooks arrive out of order, and a restore may come first.
CREATE TABLE dora_restore (
    id            VARCHAR(255) NOT NULL PRIMARY KEY,
    deployment_id VARCHAR(255) NOT NULL,
    restored_at   BIGINT       NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    restored_by   VARCHAR(255)
);
CREATE INDEX dora_restore_deployment ON dora_restore (deployment_id, restored_at);

CREATE TABLE dora_incident (
    id                  VARCHAR(255) NOT NULL PRIMARY KEY,
    service             VARCHAR(255) NOT NULL,
    environment         VARCHAR(255) NOT NULL,
    opened_at           BIGINT       NOT NULL,
    resolved_at         BIGINT,
    cause_deployment_id VARCHAR(255)
);
CREATE INDEX dora_incident_cause ON dora_incident (cause_deployment_id, resolved_at);
