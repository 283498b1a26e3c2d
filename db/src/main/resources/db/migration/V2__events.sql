-- One row per plan the provider has ever listed. The identity is (provider, base_plan_id, plan_id):
-- plan_id alone is not unique in the feed. Ids are kept as text so that nothing the provider
-- sends is lost or reinterpreted.
CREATE TABLE events (
    -- Name-based UUID of the identity (computed by the import job), so it never changes between
    -- imports or databases.
    id                    uuid        PRIMARY KEY,
    provider              text        NOT NULL,
    base_plan_id          text        NOT NULL,
    plan_id               text        NOT NULL,
    title                 text        NOT NULL,
    -- The latest sell_mode the provider gave.
    sell_mode             text        NOT NULL,
    -- Sticky: true once the plan was seen online, never reset (the search serves these).
    ever_online           boolean     NOT NULL,
    -- The provider's local wall-clock times: no offset is stored because the feed gives none.
    starts_at             timestamp   NOT NULL,
    ends_at               timestamp   NOT NULL,
    sell_from             timestamp,
    sell_to               timestamp,
    sold_out              boolean,
    organizer_company_id  text,
    -- Min/max over the zones of the latest version; null when the plan has no zones.
    min_price             numeric,
    max_price             numeric,
    -- The latest zones exactly as given (every attribute), and any attribute of base_plan/plan
    -- this schema has no column for.
    zones                 jsonb       NOT NULL,
    extra_attributes      jsonb       NOT NULL DEFAULT '{}',
    -- SHA-256 of everything above that comes from the feed: the writer skips rows whose hash is
    -- unchanged, so a re-import does not rewrite them (no dead tuples, index-only scans stay cheap).
    content_hash          bytea       NOT NULL,
    first_seen_at         timestamptz NOT NULL,
    -- Refreshed when the content changes, and otherwise at most once per the job's
    -- plans.import.seen-refresh interval, so unchanged rows are not rewritten on every import.
    last_seen_at          timestamptz NOT NULL,
    last_changed_at       timestamptz NOT NULL,
    -- The Spring Batch job execution that last wrote the row.
    last_job_execution_id bigint      NOT NULL,
    CONSTRAINT events_identity_key UNIQUE (provider, base_plan_id, plan_id),
    CONSTRAINT events_ends_after_start CHECK (ends_at >= starts_at),
    CONSTRAINT events_price_range CHECK (min_price <= max_price)
);

-- Serves the search: ever-online plans with starts_at >= A and ends_at <= B, ordered by
-- (starts_at, id). The range scan runs on starts_at, the ends_at filter and every returned column
-- come from the index itself (INCLUDE), so the plan is an index-only scan with no sort.
CREATE INDEX events_search_idx ON events (starts_at, id)
    INCLUDE (ends_at, title, min_price, max_price)
    WHERE ever_online;

-- Records the import could not accept: kept whole so nothing from the feed is lost.
CREATE TABLE import_rejects (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_instance_id  bigint      NOT NULL,
    job_execution_id bigint      NOT NULL,
    provider         text        NOT NULL,
    base_plan_id     text,
    plan_id          text,
    reason           text        NOT NULL,
    fragment         text        NOT NULL,
    rejected_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX import_rejects_job_instance_idx ON import_rejects (job_instance_id);

-- The signal readers (the search API cache) use to learn that new data committed: the job bumps
-- the version and sends NOTIFY plans_data_changed with the new version in the same transaction;
-- readers LISTEN and poll this row as a fallback.
CREATE TABLE data_version (
    singleton        boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    version          bigint      NOT NULL,
    changed_at       timestamptz NOT NULL,
    job_execution_id bigint
);

INSERT INTO data_version (singleton, version, changed_at) VALUES (true, 0, now());
