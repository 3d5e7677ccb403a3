/**
 * Electricity Maps API v3: /carbon-intensity/latest, /history (past 24 h) and /forecast for a zone,
 * with the `auth-token` header. Life-cycle emission factors (kcarbon's region basis), hourly.
 * Latest is required; history and forecast are used when the plan includes them.
 */
import { GridError } from './client.js';
import { array, endpoint, type GridProvider, iso, mergePoints, num, record } from './provider.js';
import type { GridPoint } from './types.js';

const NAME = 'electricitymaps';
const HOUR_S = 3600;

function point(raw: unknown, kind: GridPoint['kind'], what: string): GridPoint {
  const r = record(raw, what, NAME);
  return {
    start: iso(r.datetime, `${what}.datetime`, NAME),
    durationSeconds: HOUR_S,
    value: num(r.carbonIntensity, `${what}.carbonIntensity`, NAME),
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
      throw new GridError(
        `${NAME}: no API token; set ELECTRICITYMAPS_API_TOKEN (or ELECTRICITYMAPS_API_TOKEN_FILE)`,
        'auth',
      );
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
        if (!(err instanceof GridError) || err.kind === 'network' || err.kind === 'rate-limit') throw err;
        notes.push(`${path}: ${err.message}`);
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
