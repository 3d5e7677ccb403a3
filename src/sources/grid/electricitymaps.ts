/**
 * Electricity Maps API v3: /carbon-intensity/latest, /history (the last 24 h), /past-range (any past
 * hours: a period older or longer than the last 24 h) and /forecast for a zone, with the `auth-token`
 * header. Life-cycle emission factors (kcarbon's region basis), hourly. Latest is required; history,
 * past-range and forecast are used when the plan includes them, and an hour none of them covers keeps
 * its offline figure (the result says which hours).
 */
import { englishOf, msg } from '../../errors.js';
import { GridError } from './client.js';
import {
  array,
  chunks,
  endpoint,
  type GridProvider,
  intensityValue,
  iso,
  mergePoints,
  missingSpans,
  num,
  optional,
  pastSpans,
  pointHours,
  record,
} from './provider.js';
import type { GridPoint } from './types.js';

const NAME = 'electricitymaps';
const HOUR_S = 3600;
/** Longest range of one past-range request at hourly granularity (Electricity Maps API v3: 10 days). */
export const PAST_RANGE_MAX_HOURS = 240;
/** Past data older than this are final: cached for a day, newer ones for 15 minutes (estimates get replaced). */
const SETTLED_MS = 48 * 3_600_000;

function point(raw: unknown, kind: GridPoint['kind'], what: string): GridPoint {
  const r = record(raw, what, NAME);
  return {
    start: iso(r.datetime, `${what}.datetime`, NAME),
    durationSeconds: HOUR_S,
    value: intensityValue(
      num(r.carbonIntensity, `${what}.carbonIntensity`, NAME),
      `${what}.carbonIntensity`,
      NAME,
    ),
    kind,
    ...(r.isEstimated === true ? { estimated: true } : {}),
  };
}

export const electricityMaps: GridProvider = {
  name: NAME,
  defaultUrl: 'https://api.electricitymaps.com/v3',
  async series(req, { baseUrl, http, credentials }) {
    const token = credentials.electricityMapsToken;
    if (!token) {
      const reason = msg('gridNoToken', 'ELECTRICITYMAPS_API_TOKEN', 'ELECTRICITYMAPS_API_TOKEN_FILE');
      throw new GridError(`${NAME}: ${englishOf(reason)}`, 'auth', undefined, reason);
    }
    const headers = { 'auth-token': token };
    const identity = token;
    const query = { zone: req.zone, emissionFactorType: 'lifecycle' };
    const get = (path: string, ttlSeconds: number) =>
      http.get({ url: endpoint(baseUrl, path, query), headers, ttlSeconds, identity });

    const points: GridPoint[] = [];
    const endpoints: string[] = [];
    const notes: string[] = [];
    const latest = record(await get('carbon-intensity/latest', 300), 'latest', NAME);
    points.push(point(latest, 'latest', 'latest'));
    endpoints.push('carbon-intensity/latest');
    for (const [path, key, kind, ttl] of [
      ['carbon-intensity/history', 'history', 'history', 900],
      ['carbon-intensity/forecast', 'forecast', 'forecast', 1800],
    ] as const) {
      try {
        const body = record(await get(path, ttl), key, NAME);
        array(body[key], key, NAME).forEach((p, i) => {
          points.push(point(p, kind, `${key}[${i}]`));
        });
        endpoints.push(path);
      } catch (err) {
        if (!optional(err)) throw err;
        notes.push(`${path}: ${err.message}`);
      }
    }

    // Past hours the last 24 h do not cover (a period older or longer than that): /past-range, at most
    // 10 days per request. Hours after the latest measured one are the forecast's.
    const measured = new Set(points.filter((p) => p.kind !== 'forecast').flatMap(pointHours));
    const newest = Math.max(...measured);
    const wanted = pastSpans(req)
      .map((s) => ({ from: s.from, to: Math.min(s.to, newest) }))
      .filter((s) => s.to > s.from);
    let pastRangeFailed = false;
    for (const gap of missingSpans(wanted, measured)) {
      for (const c of chunks(gap, PAST_RANGE_MAX_HOURS)) {
        if (pastRangeFailed) break;
        const path = 'carbon-intensity/past-range';
        try {
          const body = record(
            await http.get({
              url: endpoint(baseUrl, path, {
                zone: req.zone,
                start: new Date(c.from).toISOString(),
                end: new Date(c.to).toISOString(),
                emissionFactorType: 'lifecycle',
              }),
              headers,
              ttlSeconds: Date.now() - c.to > SETTLED_MS ? 86_400 : 900,
              identity,
            }),
            'past-range',
            NAME,
          );
          array(body.data, 'past-range.data', NAME).forEach((p, i) => {
            const pt = point(p, 'history', `past-range.data[${i}]`);
            const t = Date.parse(pt.start);
            // the range is [start, end): a boundary point belongs to the next request
            if (t >= c.from && t < c.to) points.push(pt);
          });
          if (!endpoints.includes(path)) endpoints.push(path);
        } catch (err) {
          if (!(err instanceof GridError)) throw err;
          // One refusal (plan, range, rate limit) is the answer for every chunk: do not ask again; the
          // hours it leaves keep their offline figure, and the result says which.
          pastRangeFailed = true;
          notes.push(`${path}: ${err.message}`);
        }
      }
    }
    return {
      provider: NAME,
      zone: req.zone,
      signal: 'average',
      basis: latest.emissionFactorType === 'direct' ? 'direct' : 'lifecycle',
      points: mergePoints(points),
      endpoints,
      notes,
    };
  },
};
