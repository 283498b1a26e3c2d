// Search windows for the load profiles: a realistic mix of what clients ask for.
//
// Most traffic repeats a few popular windows (a front page's "this month", "this summer",
// ...), which the search API serves from its cache; the rest asks for arbitrary windows
// over 2021-2022, which miss the cache and reach PostgreSQL. The share of popular windows
// is POPULAR_SHARE (default 0.8) and can be changed with the environment variable of the
// same name, e.g. `k6 run -e POPULAR_SHARE=0 medium.js` for an all-miss run.

// The fixture's reference query first; the others are typical calendar windows.
export const POPULAR_WINDOWS = Object.freeze([
  ['2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['2021-06-01T00:00:00Z', '2021-07-01T00:00:00Z'],
  ['2021-07-01T00:00:00Z', '2021-08-01T00:00:00Z'],
  ['2021-06-21T00:00:00Z', '2021-09-23T00:00:00Z'],
  ['2021-12-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['2022-01-01T00:00:00Z', '2022-04-01T00:00:00Z'],
  ['2022-07-01T00:00:00Z', '2022-08-01T00:00:00Z'],
  ['2021-02-10T00:00:00Z', '2021-02-12T00:00:00Z'],
]);

// Random windows start anywhere in [RANGE_START, RANGE_END) and last from one hour to 90
// days, cut at RANGE_END.
export const RANGE_START = Date.UTC(2021, 0, 1);
export const RANGE_END = Date.UTC(2023, 0, 1);
const HOUR = 3600 * 1000;
const MAX_LENGTH = 90 * 24 * HOUR;

const envShare = typeof __ENV !== 'undefined' ? __ENV.POPULAR_SHARE : undefined;
export const POPULAR_SHARE = envShare !== undefined && envShare !== '' ? Number(envShare) : 0.8;

// ISO-8601 instant at whole seconds, e.g. 2021-03-04T05:06:07Z.
export function iso(millis) {
  return new Date(Math.floor(millis / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function popularWindow(random = Math.random) {
  const [startsAt, endsAt] = POPULAR_WINDOWS[Math.floor(random() * POPULAR_WINDOWS.length)];
  return { startsAt, endsAt, kind: 'popular' };
}

export function randomWindow(random = Math.random) {
  const start = RANGE_START + random() * (RANGE_END - RANGE_START - HOUR);
  const end = Math.min(start + HOUR + random() * (MAX_LENGTH - HOUR), RANGE_END);
  return { startsAt: iso(start), endsAt: iso(end), kind: 'random' };
}

// A window drawn from the mix: popular with probability `share`, random otherwise.
export function pickWindow(share = POPULAR_SHARE, random = Math.random) {
  return random() < share ? popularWindow(random) : randomWindow(random);
}

export function searchUrl(baseUrl, window) {
  return `${baseUrl}/search?starts_at=${encodeURIComponent(window.startsAt)}`
    + `&ends_at=${encodeURIComponent(window.endsAt)}`;
}
