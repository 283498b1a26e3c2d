// Checks the k6 load-test scripts without k6: loads each profile in Node with small stand-ins
// for k6's built-in modules, then checks its options and runs its default function against a
// fake HTTP layer. Usage: node .ci/check-k6.mjs [k6-dir]   (exit code 1 on any failure)
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// ---- stand-ins for k6/*; they read globalThis.__k6 at each call, so checks can swap it ----
const stub = (body) => 'data:text/javascript,' + encodeURIComponent('const k6 = () => globalThis.__k6;\n' + body);
const STUBS = {
  'k6': stub(`export function check(v, sets, tags) { let ok = true;
      for (const [name, fn] of Object.entries(sets)) { const r = !!fn(v); k6().checks.push({ name, ok: r, tags }); ok = ok && r; }
      return ok; }
    export function sleep(s) { k6().slept.push(s); }
    export function group(n, fn) { return fn(); }
    export function fail(m) { throw new Error(m); }
    export default { check, sleep, group, fail };`),
  'k6/http': stub(`export function get(url, params) { k6().requests.push({ url, params }); return k6().respond(url, params); }
    export function request(method, url, body, params) { return get(url, params); }
    export default { get, request };`),
  'k6/execution': stub(`export const test = { abort(msg) { k6().aborted.push(msg); } };
    export default { test };`),
  'k6/metrics': stub(`class M { constructor(n) { this.name = n; } add() {} }
    export class Trend extends M {} export class Counter extends M {}
    export class Rate extends M {} export class Gauge extends M {}
    export default { Trend, Counter, Rate, Gauge };`),
};
register(stub(`const STUBS = ${JSON.stringify(STUBS)};
  export async function resolve(specifier, context, next) {
    if (Object.hasOwn(STUBS, specifier)) return { url: STUBS[specifier], shortCircuit: true };
    if (specifier.startsWith('k6/')) throw new Error('no stand-in for ' + specifier + ' in .ci/check-k6.mjs');
    return next(specifier, context);
  }`));

function response(status, body) {
  return {
    status,
    body,
    json(selector) {
      let v = JSON.parse(body);
      for (const key of (selector ? selector.split('.') : [])) v = v == null ? undefined : v[key];
      return v;
    },
  };
}
const GOOD = () => response(200, JSON.stringify({ data: { events: [] }, error: null }));
const k6state = () => ({ checks: [], slept: [], requests: [], aborted: [], respond: GOOD });
globalThis.__k6 = k6state();
globalThis.__ENV = {};

// ---- checks ----
const dir = path.resolve(process.argv[2] || 'k6');
let failures = 0;
function expect(cond, what) {
  console.log(`  ${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}
const asList = (t) => (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : x && x.threshold));

const PROFILES = {
  'light.js': 'vus', 'medium.js': 'vus', 'heavy.js': 'vus', 'extreme.js': 'rate',
};

// Deterministic random numbers, so the mix check never flakes.
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

console.log(`k6 window mix (${path.join(dir, 'lib/windows.js')})`);
const w = await import(pathToFileURL(path.join(dir, 'lib/windows.js')).href);
{
  const random = lcg(42);
  const n = 20000;
  let popular = 0;
  let inRange = true;
  let ordered = true;
  let isoOk = true;
  const popularKeys = new Set(w.POPULAR_WINDOWS.map(([s, e]) => s + e));
  let popularFromSet = true;
  for (let i = 0; i < n; i++) {
    const win = w.pickWindow(0.8, random);
    const s = Date.parse(win.startsAt);
    const e = Date.parse(win.endsAt);
    isoOk &&= /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(win.startsAt) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(win.endsAt);
    ordered &&= s < e;
    if (win.kind === 'popular') {
      popular++;
      popularFromSet &&= popularKeys.has(win.startsAt + win.endsAt);
    } else {
      inRange &&= s >= Date.UTC(2021, 0, 1) && e <= Date.UTC(2023, 0, 1);
    }
  }
  const share = popular / n;
  expect(w.POPULAR_WINDOWS.length >= 3 && w.POPULAR_WINDOWS.length <= 20, `a small fixed set of popular windows (${w.POPULAR_WINDOWS.length})`);
  expect(share > 0.77 && share < 0.83, `~80% popular windows (${(share * 100).toFixed(1)}% of ${n})`);
  expect(popularFromSet, 'popular windows come from the fixed set');
  expect(inRange, 'random windows lie within 2021-01-01 .. 2023-01-01');
  expect(ordered, 'every window starts before it ends');
  expect(isoOk, 'date-times are ISO-8601 UTC (yyyy-MM-ddTHH:mm:ssZ)');
  expect(w.searchUrl('http://x', { startsAt: '2021-01-01T00:00:00Z', endsAt: '2021-02-01T00:00:00Z' })
    === 'http://x/search?starts_at=2021-01-01T00%3A00%3A00Z&ends_at=2021-02-01T00%3A00%3A00Z', 'search URL shape');
}

for (const [file, kind] of Object.entries(PROFILES)) {
  console.log(`k6 profile ${file}`);
  globalThis.__k6 = k6state();
  let mod;
  try {
    mod = await import(pathToFileURL(path.join(dir, file)).href);
  } catch (e) {
    expect(false, `loads as an ES module with k6's modules (${e.message})`);
    continue;
  }
  const o = mod.options || {};
  const th = o.thresholds || {};
  const dur = asList(th.http_req_duration || []);
  const failed = asList(th.http_req_failed || []);
  expect(typeof mod.options === 'object', 'exports options');
  expect(dur.some((t) => /^p\(95\)\s*</.test(t)), `threshold http_req_duration p(95) (${dur.join(', ')})`);
  expect(dur.some((t) => /^p\(99\)\s*</.test(t)), 'threshold http_req_duration p(99)');
  expect(failed.some((t) => /^rate\s*</.test(t)), `threshold http_req_failed rate (${failed.join(', ')})`);
  const scenarios = Object.values(o.scenarios || {});
  expect(scenarios.length > 0, 'defines scenarios');
  if (kind === 'vus') {
    expect(scenarios.every((s) => s.executor === 'ramping-vus' && (s.stages || []).length >= 2), 'VU-based ramping (ramping-vus with stages)');
  } else {
    const rate = scenarios.filter((s) => ['constant-arrival-rate', 'ramping-arrival-rate'].includes(s.executor));
    const peak = Math.max(0, ...rate.map((s) => s.rate || Math.max(0, ...(s.stages || []).map((st) => st.target))));
    expect(rate.length === scenarios.length, 'RPS-based (arrival-rate executors)');
    expect(peak >= 1000, `peak rate ${peak}/s (>= 1000/s)`);
    expect(rate.every((s) => s.maxVUs >= s.preAllocatedVUs), 'maxVUs >= preAllocatedVUs');
  }
  expect(typeof mod.default === 'function', 'exports a default function');

  // setup: aborts when the API is down, not when it answers.
  if (typeof mod.setup === 'function') {
    mod.setup();
    expect(globalThis.__k6.aborted.length === 0, 'setup passes against a healthy API');
    globalThis.__k6.respond = () => response(503, 'down');
    mod.setup();
    expect(globalThis.__k6.aborted.length === 1, 'setup aborts the test when the API answers 503');
  }

  // default function against a healthy fake API: requests and checks as intended.
  globalThis.__k6 = k6state();
  for (let i = 0; i < 50; i++) mod.default();
  const reqs = globalThis.__k6.requests;
  expect(reqs.length === 50, `one request per iteration (${reqs.length}/50)`);
  expect(reqs.every((r) => r.url.startsWith('http://localhost:8080/search?starts_at=')), 'targets BASE_URL, default http://localhost:8080, GET /search');
  expect(reqs.every((r) => r.params && r.params.tags && r.params.tags.name === 'GET /search'), 'requests share one name tag (no per-URL metric series)');
  const names = new Set(globalThis.__k6.checks.map((c) => c.name));
  expect(names.has('status is 200') && names.has('body has data.events'), 'checks status 200 and data.events');
  expect(globalThis.__k6.checks.every((c) => c.ok), 'checks pass on a 200 with data.events');
  globalThis.__k6 = k6state();
  globalThis.__k6.respond = () => response(200, JSON.stringify({ data: null, error: { code: 'x', message: 'y' } }));
  mod.default();
  expect(globalThis.__k6.checks.some((c) => !c.ok), 'checks fail on a body without data.events');
}

console.log(failures === 0 ? 'k6 scripts: all checks passed' : `k6 scripts: ${failures} check(s) FAILED`);
process.exit(failures === 0 ? 0 : 1);
