-- The rows the import job wrote, as CSV on stdout: the input of the import ceiling.
\copy (SELECT id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price, zones, extra_attributes, content_hash FROM public.events) TO pstdout (FORMAT csv)
