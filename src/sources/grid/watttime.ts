/**
 * WattTime API v3 (marginal signal co2_moer): /login (HTTP Basic) for a bearer token (kept in memory
 * only), /v3/signal-index for the current percentile, /v3/forecast for the next hours and /v3/historical
 * for past hours (subscription data; a refusal is noted, not fatal). MOER values are
 * lbs CO2/MWh: x 0.45359237 = g/kWh. Results say they are marginal, not average.
 */
import { englishOf, msg } from '../../errors.js';
import { GridError, gridError } from './client.js';
import {
  array,
  chunks,
  endpoint,
  type GridProvider,
  intensityValue,
  iso,
  mergePoints,
  num,
  optional,
  pastSpans,
  record,
} from './provider.js';
import type { GridPoint } from './types.js';

const NAME = 'watttime';
/** 1 lb/MWh = 453.59237 g / 1000 kWh. */
export const LBS_PER_MWH_TO_G_PER_KWH = 0.45359237;
const SIGNAL = 'co2_moer';

function toGramsPerKwh(value: number, units: unknown): number {
  if (units === 'lbs_co2_per_mwh' || units === undefined) return value * LBS_PER_MWH_TO_G_PER_KWH;
  if (units === 'g_co2_per_kwh' || units === 'kg_co2_per_mwh') return value;
  throw gridError(NAME, 'format', msg('gridUnexpectedUnits', String(units)));
}

/** Longest range of one historical request kcarbon asks for (30 days). */
const HISTORICAL_MAX_HOURS = 720;

/** The data of a historical or forecast answer ({data: [{point_time, value}], meta}) as points in g/kWh. */
function moerPoints(body: Record<string, unknown>, what: string, kind: GridPoint['kind']): GridPoint[] {
  const meta = record(body.meta ?? {}, `${what}.meta`, NAME);
  const period = typeof meta.data_point_period_seconds === 'number' ? meta.data_point_period_seconds : 300;
  return array(body.data, `${what}.data`, NAME).map((raw, i) => {
    const r = record(raw, `${what}.data[${i}]`, NAME);
    return {
      start: iso(r.point_time, `${what}.data[${i}].point_time`, NAME),
      durationSeconds: period,
      value: intensityValue(
        toGramsPerKwh(num(r.value, `${what}.data[${i}].value`, NAME), meta.units),
        `${what}.data[${i}].value`,
        NAME,
      ),
      kind,
    };
  });
}

export const wattTime: GridProvider = {
  name: NAME,
  defaultUrl: 'https://api.watttime.org',
  async series(req, { baseUrl, http, credentials }) {
    const { wattTimeUsername: user, wattTimePassword: pass } = credentials;
    if (!user || !pass) {
      const reason = msg('gridNoLogin', 'WATTTIME_USERNAME', 'WATTTIME_PASSWORD', 'WATTTIME_PASSWORD_FILE');
      throw new GridError(`${NAME}: ${englishOf(reason)}`, 'auth', undefined, reason);
    }
    const endpoints: string[] = [];
    // Log in only when a request misses the cache; the token lives in memory for this run. A token is
    // valid for 30 minutes: a 401 on a data request means it expired, so log in once more and retry;
    // a second 401 with a fresh token is an auth failure (exit 3 with --grid-strict, else the fallback).
    let token: Promise<string> | undefined;
    const login = async (): Promise<string> => {
      let answer: unknown;
      try {
        answer = await http.get({
          url: endpoint(baseUrl, 'login', {}),
          headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
          ttlSeconds: 0,
          noStore: true,
        });
      } catch (err) {
        // A refused login is a credentials problem, never an expired token (no status: no retry).
        if (err instanceof GridError && err.kind === 'auth') {
          throw gridError(
            NAME,
            'auth',
            msg('gridLoginRefused', err.reason ?? err.message.replace(`${NAME}: `, '')),
          );
        }
        throw err;
      }
      const body = record(answer, 'login', NAME);
      if (typeof body.token !== 'string' || !body.token) {
        throw gridError(NAME, 'auth', msg('gridLoginNoToken'));
      }
      if (!endpoints.includes('login')) endpoints.push('login');
      return body.token;
    };
    const headers = async () => {
      token ??= login();
      return { authorization: `Bearer ${await token}` };
    };
    // The token changes per login; the user name (hashed) identifies whose data is cached.
    const identity = `watttime:${user}`;
    const get = async (path: string, q: Record<string, string | number>, ttlSeconds: number) => {
      const req = { url: endpoint(baseUrl, path, q), headers, ttlSeconds, identity };
      try {
        return await http.get(req);
      } catch (err) {
        if (!(err instanceof GridError) || err.status !== 401) throw err;
        token = undefined; // expired: the retry logs in again
        try {
          return await http.get(req);
        } catch (again) {
          if (again instanceof GridError && again.status === 401) {
            const region = req.url.searchParams.get('region') ?? '';
            throw gridError(NAME, 'auth', msg('gridFreshTokenRefused', path, region), 401);
          }
          throw again;
        }
      }
    };
    const query = { region: req.zone, signal_type: SIGNAL };
    const notes: string[] = [];

    const idx = record(await get('v3/signal-index', query, 300), 'signal-index', NAME);
    const first = record(array(idx.data, 'signal-index.data', NAME)[0] ?? {}, 'signal-index.data[0]', NAME);
    const index = {
      percent: num(first.value, 'signal-index.data[0].value', NAME),
      at: iso(first.point_time, 'signal-index.data[0].point_time', NAME),
    };
    endpoints.push('v3/signal-index');

    const points: GridPoint[] = [];
    // Past MOERs (subscription data): used for the hours of a period where WattTime has them, asked in
    // ranges of at most 30 days.
    try {
      for (const span of pastSpans(req)) {
        for (const c of chunks(span, HISTORICAL_MAX_HOURS)) {
          const hist = record(
            await get(
              'v3/historical',
              { ...query, start: new Date(c.from).toISOString(), end: new Date(c.to).toISOString() },
              900,
            ),
            'historical',
            NAME,
          );
          points.push(...moerPoints(hist, 'historical', 'history'));
        }
      }
      endpoints.push('v3/historical');
    } catch (err) {
      if (!optional(err)) throw err;
      notes.push(`v3/historical: ${err.message}`);
    }
    try {
      const fc = record(
        await get('v3/forecast', { ...query, horizon_hours: req.horizonHours }, 300),
        'forecast',
        NAME,
      );
      points.push(...moerPoints(fc, 'forecast', 'forecast'));
      endpoints.push('v3/forecast');
    } catch (err) {
      if (!optional(err)) throw err;
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
