-- pgbench ceiling of the uncached search: the search API's own SQL (EventSearchRepository, both
-- bounds given) with a random window per transaction, drawn like wrk-windows.lua's "random" mode:
-- start a random second in [from, to] (epoch seconds, UTC), length in [minlen, maxlen] seconds.
--   pgbench -n -M prepared -c 64 -j 2 -T 20 -D from=.. -D to=.. -D minlen=.. -D maxlen=.. -f this
\set s random(:from, :to)
\set e :s + random(:minlen, :maxlen)
SELECT id, title, starts_at, ends_at, min_price, max_price FROM events WHERE ever_online AND starts_at >= timestamp 'epoch' + make_interval(secs => :s) AND starts_at <= timestamp 'epoch' + make_interval(secs => :e) AND ends_at <= timestamp 'epoch' + make_interval(secs => :e) ORDER BY starts_at, id;
