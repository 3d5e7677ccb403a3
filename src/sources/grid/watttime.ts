/**
 * WattTime API v3 (marginal signal co2_moer): /login (HTTP Basic) for a bearer token (kept in memory
 * only), /v3/signal-index for the current percentile, /v3/forecast for the next hours and /v3/historical
 * for past hours (subscription data; a refusal is noted, not fatal). MOER values are
 * lbs CO2/MWh: x 0.45359237 = g/kWh. Results say they are marginal, not average.
 */
import { GridError } from './client.js';
import { array, endpoint, type GridProvider, iso, mergePoints, num, record } from './provider.js';
import type { GridPoint } from './types.js';

const NAME = 'watttime';
/** 1 lb/MWh = 453.59237 g / 1000 kWh. */
export const LBS_PER_MWH_TO_G_PER_KWH = 0.45359237;
const SIGNAL = 'co2_moer';

function toGramsPerKwh(value: number, units: unknown): number {
  if (units === 'lbs_co2_per_mwh' || units === undefined) return value * LBS_PER_MWH_TO_G_PER_KWH;
  if (units === 'g_co2_per_kwh' || units === 'kg_co2_per_mwh') return value;
  throw new GridError(`${NAME}: unexpected units '${String(units)}'`, 'format');
}

export const wattTime: GridProvider = {
  name: NAME,
  defaultUrl: 'https://api.watttime.org',
  async series(req, { baseUrl, http, credentials }) {
    const { wattTimeUsername: user, wattTimePassword: pass } = credentials;
    if (!user || !pass) {
      throw new GridError(
        `${NAME}: set WATTTIME_USERNAME and WATTTIME_PASSWORD (or WATTTIME_PASSWORD_FILE)`,
        'auth',
      );
    }
    const endpoints: string[] = [];
    // Log in only when a request misses the cache; the token lives in memory for this run.
    let token: Promise<string> | undefined;
    const headers = async () => {
      token ??= (async () => {
        const login = record(
          await http.get({
            url: endpoint(baseUrl, 'login', {}),
            headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
            ttlSeconds: 0,
            noStore: true,
          }),
          'login',
          NAME,
        );
        if (typeof login.token !== 'string' || !login.token) {
          throw new GridError(`${NAME}: login answered no token`, 'auth');
        }
        endpoints.push('login');
        return login.token;
      })();
      return { authorization: `Bearer ${await token}` };
    };
    // The token changes per login; the user name (hashed) identifies whose data is cached.
    const identity = `watttime:${user}`;
    const query = { region: req.zone, signal_type: SIGNAL };
    const notes: string[] = [];

    const idx = record(
      await http.get({
        url: endpoint(baseUrl, 'v3/signal-index', query),
        headers,
        ttlSeconds: 300,
        identity,
      }),
      'signal-index',
      NAME,
    );
    const first = record(array(idx.data, 'signal-index.data', NAME)[0] ?? {}, 'signal-index.data[0]', NAME);
    const index = {
      percent: num(first.value, 'signal-index.data[0].value', NAME),
      at: iso(first.point_time, 'signal-index.data[0].point_time', NAME),
    };
    endpoints.push('v3/signal-index');

    const points: GridPoint[] = [];
    // Past MOERs (subscription data): used for the hours of a period where WattTime has them.
    try {
      const hist = record(
        await http.get({
          url: endpoint(baseUrl, 'v3/historical', {
            ...query,
            start: new Date(req.at.getTime() - req.historyHours * 3_600_000).toISOString(),
            end: req.at.toISOString(),
          }),
          headers,
          ttlSeconds: 900,
          identity,
        }),
        'historical',
        NAME,
      );
      const meta = record(hist.meta ?? {}, 'historical.meta', NAME);
      const period =
        typeof meta.data_point_period_seconds === 'number' ? meta.data_point_period_seconds : 300;
      array(hist.data, 'historical.data', NAME).forEach((raw, i) => {
        const r = record(raw, `historical.data[${i}]`, NAME);
        points.push({
          start: iso(r.point_time, `historical.data[${i}].point_time`, NAME),
          durationSeconds: period,
          value: toGramsPerKwh(num(r.value, `historical.data[${i}].value`, NAME), meta.units),
          kind: 'history',
        });
      });
      endpoints.push('v3/historical');
    } catch (err) {
      if (!(err instanceof GridError) || err.kind === 'network' || err.kind === 'rate-limit') throw err;
      notes.push(`v3/historical: ${err.message}`);
    }
    try {
      const fc = record(
        await http.get({
          url: endpoint(baseUrl, 'v3/forecast', { ...query, horizon_hours: req.horizonHours }),
          headers,
          ttlSeconds: 300,
          identity,
        }),
        'forecast',
        NAME,
      );
      const meta = record(fc.meta ?? {}, 'forecast.meta', NAME);
      const period =
        typeof meta.data_point_period_seconds === 'number' ? meta.data_point_period_seconds : 300;
      array(fc.data, 'forecast.data', NAME).forEach((raw, i) => {
        const r = record(raw, `forecast.data[${i}]`, NAME);
        points.push({
          start: iso(r.point_time, `forecast.data[${i}].point_time`, NAME),
          durationSeconds: period,
          value: toGramsPerKwh(num(r.value, `forecast.data[${i}].value`, NAME), meta.units),
          kind: 'forecast',
        });
      });
      endpoints.push('v3/forecast');
    } catch (err) {
      if (!(err instanceof GridError) || err.kind === 'network' || err.kind === 'rate-limit') throw err;
      notes.push(`v3/forecast: ${err.message}`);
    }
    return {
      provider: NAME,
      zone: req.zone,
      signal: 'marginal',
      basis: 'marginal',
      points: mergePoints(points),
      index,
      endpoints,
      notes,
    };
  },
};
