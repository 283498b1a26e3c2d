-- wrk script for the search benchmarks (the service and its nginx ceiling use the same one).
--   wrk ... -s wrk-windows.lua URL -- fixed WINDOWS_FILE   a fixed set of windows, round-robin (cached)
--   wrk ... -s wrk-windows.lua URL -- random FROM TO MINLEN MAXLEN
--       a random window per request: start a random second in [FROM, TO] (epoch seconds, UTC),
--       length a random number of seconds in [MINLEN, MAXLEN]: practically every request is a
--       new cache key (uncached). pgbench-uncached.sql draws the same distribution.
-- done() prints one machine-readable line, "BENCH key=value ...", that bench.sh parses.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local paths = {}
local mode, from, to, minlen, maxlen
local n = 0

function init(args)
  mode = args[1] or "fixed"
  if mode == "fixed" then
    for line in io.lines(args[2]) do
      local a, b = line:match("^(%S+)%s+(%S+)")
      if a then
        paths[#paths + 1] = "/search?starts_at=" .. a .. "&ends_at=" .. b
      end
    end
    -- threads start at different windows
    n = (id or 1) * 3
  else
    from, to = tonumber(args[2]), tonumber(args[3])
    minlen, maxlen = tonumber(args[4]), tonumber(args[5])
    math.randomseed(os.time() * 1000 + (id or 1) * 7919 + math.floor(os.clock() * 1e6))
  end
end

request = function()
  if mode == "fixed" then
    n = n + 1
    return wrk.format("GET", paths[(n % #paths) + 1])
  end
  local s = math.random(from, to)
  local e = s + math.random(minlen, maxlen)
  return wrk.format("GET", "/search?starts_at=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", s)
    .. "&ends_at=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", e))
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes=%d"
      .. " err_connect=%d err_read=%d err_write=%d err_timeout=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status))
end
