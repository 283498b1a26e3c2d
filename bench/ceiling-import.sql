-- The import ceiling: the same rows (CSV on psql's stdin) loaded with \copy into a staging table,
-- then one INSERT ... ON CONFLICT into ceiling.events with the job's own update rule (only rows
-- whose content hash differs are rewritten). One transaction, like the whole import.
--   psql -v ON_ERROR_STOP=1 -f ceiling-import.sql < events.csv
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE staging (id uuid, provider text, base_plan_id text, plan_id text, title text, sell_mode text,
    ever_online boolean, starts_at timestamp, ends_at timestamp, sell_from timestamp, sell_to timestamp,
    sold_out boolean, organizer_company_id text, min_price numeric, max_price numeric, zones jsonb,
    extra_attributes jsonb, content_hash bytea) ON COMMIT DROP;
\copy staging FROM pstdin (FORMAT csv)
INSERT INTO ceiling.events AS e (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online,
        starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price,
        zones, extra_attributes, content_hash, first_seen_at, last_seen_at, last_changed_at,
        last_job_execution_id)
SELECT id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at, sell_from,
       sell_to, sold_out, organizer_company_id, min_price, max_price, zones, extra_attributes, content_hash,
       now(), now(), now(), 0
FROM staging
ON CONFLICT (provider, base_plan_id, plan_id) DO UPDATE SET
    title = EXCLUDED.title,
    sell_mode = EXCLUDED.sell_mode,
    ever_online = e.ever_online OR EXCLUDED.ever_online,
    starts_at = EXCLUDED.starts_at,
    ends_at = EXCLUDED.ends_at,
    sell_from = EXCLUDED.sell_from,
    sell_to = EXCLUDED.sell_to,
    sold_out = EXCLUDED.sold_out,
    organizer_company_id = EXCLUDED.organizer_company_id,
    min_price = EXCLUDED.min_price,
    max_price = EXCLUDED.max_price,
    zones = EXCLUDED.zones,
    extra_attributes = EXCLUDED.extra_attributes,
    content_hash = EXCLUDED.content_hash,
    last_seen_at = EXCLUDED.last_seen_at,
    last_changed_at = EXCLUDED.last_changed_at,
    last_job_execution_id = EXCLUDED.last_job_execution_id
WHERE e.content_hash <> EXCLUDED.content_hash;
COMMIT;
