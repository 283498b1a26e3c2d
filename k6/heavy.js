// Heavy: a campaign's peak. Ramps to 100 users, holds, spikes to 200, then recovers, so the
// summary shows both sustained load and how the system absorbs a burst.
//   k6 run k6/heavy.js
import { checkApiUp, search, think, SUMMARY_TREND_STATS } from './lib/search.js';

export const options = {
  scenarios: {
    heavy: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '2m', target: 100 },
        { duration: '4m', target: 100 },
        { duration: '30s', target: 200 },
        { duration: '1m', target: 200 },
        { duration: '30s', target: 100 },
        { duration: '1m', target: 0 },
      ],
      gracefulRampDown: '30s',
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<500', 'p(99)<1000'],
    'http_req_duration{window:popular}': ['p(95)<250'],
    http_req_failed: ['rate<0.02'],
    checks: ['rate>0.98'],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  checkApiUp();
}

export default function () {
  search();
  think(0.05, 0.2);
}
