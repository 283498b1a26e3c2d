// The one request every profile makes, its checks, and what the profiles share.
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { pickWindow, popularWindow, searchUrl } from './windows.js';

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');

// p(99) in the end-of-test summary too (k6 shows up to p(95) by default).
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

// True when the response is a 200 whose JSON body has data.events as an array.
export function hasEvents(res) {
  try {
    return Array.isArray(res.json('data.events'));
  } catch (e) {
    return false;
  }
}

// One search over a window of the mix. The `name` tag groups every URL into one metric
// series (thousands of distinct random URLs would each make their own); `window` tells
// cache hits (popular) and misses (random) apart, for thresholds and the summary.
export function search(window = pickWindow()) {
  const res = http.get(searchUrl(BASE_URL, window), {
    tags: { name: 'GET /search', window: window.kind },
    headers: { Accept: 'application/json' },
  });
  check(res, {
    'status is 200': (r) => r.status === 200,
    'body has data.events': (r) => hasEvents(r),
  }, { window: window.kind });
  return res;
}

// Runs once before the load: stops the test at once when the API does not answer as it
// should, rather than measuring thousands of errors.
export function checkApiUp() {
  const res = search(popularWindow());
  if (res.status !== 200 || !hasEvents(res)) {
    exec.test.abort(`GET ${BASE_URL}/search answered ${res.status}; is the stack up (make up)?`);
  }
}

// Think time between two searches of one virtual user, in seconds: uniform in [min, max],
// scaled by THINK_TIME (e.g. -e THINK_TIME=0 for no pause).
export function think(min, max) {
  const scale = __ENV.THINK_TIME !== undefined && __ENV.THINK_TIME !== '' ? Number(__ENV.THINK_TIME) : 1;
  const seconds = (min + Math.random() * (max - min)) * scale;
  if (seconds > 0) {
    sleep(seconds);
  }
}
