// Extreme: requests per second rather than users. An open model (arrival-rate executors)
// keeps sending at the target rate however slow the answers get, which is how real traffic
// behaves and what shows where the system saturates. Ramps to PEAK_RPS (default 5000/s).
//   k6 run k6/extreme.js
//   k6 run -e PEAK_RPS=2000 k6/extreme.js
// Iterations k6 could not start for lack of VUs are counted in `dropped_iterations`: many of
// them mean the load generator, not the API, was the limit.
import { checkApiUp, search, SUMMARY_TREND_STATS } from './lib/search.js';

const PEAK = Number(__ENV.PEAK_RPS || 5000);
const HOLD = __ENV.HOLD || '2m';

export const options = {
  scenarios: {
    extreme: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.round(PEAK / 50)),
      timeUnit: '1s',
      // Enough VUs for the peak rate at ~100 ms per request; more are added up to maxVUs
      // when answers get slower.
      preAllocatedVUs: Math.max(10, Math.round(PEAK / 10)),
      maxVUs: Math.max(50, PEAK),
      stages: [
        { duration: '1m', target: Math.round(PEAK / 5) },
        { duration: '1m', target: Math.round(PEAK / 2) },
        { duration: '1m', target: PEAK },
        { duration: HOLD, target: PEAK },
        { duration: '30s', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<1000', 'p(99)<2000'],
    // Past 5% failures the latencies mean little more: stop early (after 30 s of warm-up).
    http_req_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '30s' }],
    checks: ['rate>0.95'],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  checkApiUp();
}

// No think time: the arrival rate sets the pace.
export default function () {
  search();
}
