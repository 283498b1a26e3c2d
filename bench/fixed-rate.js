// Fixed-rate load for the search benchmark: autocannon (npm) at an overall request rate.
//   node fixed-rate.js URL RATE CONNECTIONS SECONDS fixed WINDOWS_FILE
//   node fixed-rate.js URL RATE CONNECTIONS SECONDS random FROM TO MINLEN MAXLEN
// Same windows as wrk-windows.lua. autocannon paces each connection (RATE/CONNECTIONS per
// second): if the server falls behind, the achieved rate drops below RATE instead of a queue
// building up (not a true open-loop generator like wrk2, which Debian does not package), so
// the achieved rate is printed next to the percentiles. Prints one "BENCH key=value ..." line.
const fs = require('fs');
const autocannon = require('autocannon');

const [url, rate, connections, seconds, mode, ...rest] = process.argv.slice(2);
let next;
if (mode === 'fixed') {
  const paths = fs.readFileSync(rest[0], 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => { const [a, b] = l.trim().split(/\s+/); return `/search?starts_at=${a}&ends_at=${b}`; });
  let n = 0;
  next = () => paths[(n++) % paths.length];
} else {
  const [from, to, minlen, maxlen] = rest.map(Number);
  const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  const rnd = (a, b) => a + Math.floor(Math.random() * (b - a + 1));
  next = () => { const s = rnd(from, to); return `/search?starts_at=${iso(s)}&ends_at=${iso(s + rnd(minlen, maxlen))}`; };
}

autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  overallRate: Number(rate),
  timeout: 10,
  requests: [{ setupRequest: (req) => { req.path = next(); return req; } }],
}, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  const total = r.requests.total;
  const secs = r.duration;
  console.log(`BENCH requests=${total} seconds=${secs.toFixed(3)} rps=${(total / secs).toFixed(1)}`
    + ` p50_ms=${r.latency.p50} p90_ms=${r.latency.p90} p99_ms=${r.latency.p99} max_ms=${r.latency.max}`
    + ` bytes=${r.throughput.total} errors=${r.errors} timeouts=${r.timeouts} non2xx=${r.non2xx}`);
});
