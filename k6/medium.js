// Medium: a busy day's steady traffic, a few dozen users searching continuously.
//   k6 run k6/medium.js
import { checkApiUp, search, think, SUMMARY_TREND_STATS } from './lib/search.js';

export const options = {
  scenarios: {
    medium: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '1m', target: 25 },
        { duration: '3m', target: 25 },
        { duration: '30s', target: 0 },
      ],
      gracefulRampDown: '15s',
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<200', 'p(99)<500'],
    'http_req_duration{window:popular}': ['p(95)<100'],
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
  think(0.1, 0.5);
}
