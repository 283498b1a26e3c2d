// Light: a handful of users, as on a quiet day. A smoke test of the stack under load.
//   k6 run k6/light.js                      (BASE_URL defaults to http://localhost:8080)
import { checkApiUp, search, think, SUMMARY_TREND_STATS } from './lib/search.js';

export const options = {
  scenarios: {
    light: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '30s', target: 5 },
        { duration: '1m', target: 5 },
        { duration: '15s', target: 0 },
      ],
      gracefulRampDown: '10s',
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<100', 'p(99)<250'],
    'http_req_duration{window:popular}': ['p(95)<50'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  checkApiUp();
}

export default function () {
  search();
  think(0.5, 1.5);
}
