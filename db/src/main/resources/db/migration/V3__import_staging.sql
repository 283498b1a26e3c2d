-- The import loads a whole run here (COPY, chunk by chunk, each chunk committed with the reader's
-- position) and then publishes it into events with one INSERT ... ON CONFLICT, the data_version
-- bump and the NOTIFY in one transaction: readers see a run whole or not at all.
--
-- UNLOGGED: the load writes no WAL for these rows (they are a copy of a file the job keeps on disk).
-- Crash recovery empties an unlogged table; the job detects that (the rows it counted into its
-- committed step context are missing) and loads the run again from the start of the staged feed.
CREATE UNLOGGED TABLE import_staging (
    -- The Spring Batch job instance: a restart (same instance, new execution) finds its rows.
    job_instance_id      bigint      NOT NULL,
    -- Feed order: when the same plan appears twice in a feed the later one wins, as before.
    seq                  bigint      GENERATED ALWAYS AS IDENTITY,
    id                   uuid        NOT NULL,
    provider             text        NOT NULL,
    base_plan_id         text        NOT NULL,
    plan_id              text        NOT NULL,
    title                text        NOT NULL,
    sell_mode            text        NOT NULL,
    online               boolean     NOT NULL,
    starts_at            timestamp   NOT NULL,
    ends_at              timestamp   NOT NULL,
    sell_from            timestamp,
    sell_to              timestamp,
    sold_out             boolean,
    organizer_company_id text,
    min_price            numeric,
    max_price            numeric,
    zones                jsonb       NOT NULL,
    extra_attributes     jsonb       NOT NULL,
    content_hash         bytea       NOT NULL
);

-- No index: the load only appends and the merge reads a run's rows in one sequential scan; a
-- BRIN index keeps finding one run's rows cheap when failed runs' rows are kept alongside.
CREATE INDEX import_staging_job_instance_brin ON import_staging USING brin (job_instance_id);
