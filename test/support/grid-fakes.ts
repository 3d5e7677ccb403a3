/**
 * Fake grid providers on 127.0.0.1 speaking the documented request and response shapes of
 * Electricity Maps v3, the Carbon Aware SDK WebAPI and WattTime v3, with their auth, error and
 * rate-limit answers. Data are generated around a fixed hour T so tests can pin --at T.
 */
import type http from 'node:http';
import { startServer, type TestServer } from './servers.js';

export const HOUR = 3_600_000;
export const iso = (t: number) => new Date(t).toISOString();

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export interface FakeOptions {
  /** The hour (ms) the data are built around: "latest" is this hour. */
  t: number;
  /** Answer the first N requests of a path with 429 and this Retry-After. */
  rateLimit?: { path: string; times: number; retryAfter: string };
  /** Refuse a path with this status. */
  refuse?: { path: string; status: number };
  /** Never answer a path (a provider that hangs). */
  hang?: { path: string };
}

export interface Fake extends TestServer {
  /** Requests per path. */
  count(path: string): number;
}

async function fake(
  handler: (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => void,
  opts: FakeOptions,
): Promise<Fake> {
  const limited = new Map<string, number>();
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (opts.hang && url.pathname.endsWith(opts.hang.path)) return;
    if (opts.refuse && url.pathname.endsWith(opts.refuse.path)) {
      send(res, opts.refuse.status, { error: `refused ${opts.refuse.path}` });
      return;
    }
    if (opts.rateLimit && url.pathname.endsWith(opts.rateLimit.path)) {
      const n = limited.get(url.pathname) ?? 0;
      if (n < opts.rateLimit.times) {
        limited.set(url.pathname, n + 1);
        send(res, 429, { message: 'Too Many Requests' }, { 'retry-after': opts.rateLimit.retryAfter });
        return;
      }
    }
    handler(url, req, res);
  });
  return {
    ...server,
    count: (path: string) =>
      server.requests.filter((r) => (r.url ?? '').split('?')[0]!.endsWith(path)).length,
  };
}

/**
 * Electricity Maps: latest = 400 at T; history T-24..T-1 = 420; forecast T+1..T+24 = 450, with 380 for
 * T+3..T+6; past-range [start, end) (at most 10 days, else 400) = `pastValue(hour)` for hours up to T,
 * leaving out the hours it answers undefined for (default: 420 in the last 24 h, EM_PAST before).
 */
export const EM_LATEST = 400;
export const EM_PAST = 410;
/** data_used.grid.figure_at_time of a run at hour t against the fake: its latest figure. */
export const emLatestFigure = (t: number) => ({
  source: 'electricitymaps',
  signal: 'average',
  basis: 'lifecycle',
  timestamp: iso(t),
  kind: 'latest',
  zone: 'KR',
});
const EM_PAST_MAX_MS = 10 * 24 * HOUR;
export function emForecastValue(i: number): number {
  return i >= 3 && i <= 6 ? 380 : 450;
}
export function fakeElectricityMaps(
  opts: FakeOptions & {
    token: string;
    zone?: string;
    pastValue?: (hour: number) => number | undefined;
    /** The latest figure it sends (default EM_LATEST). */
    latest?: number;
  },
): Promise<Fake> {
  const pastValue = opts.pastValue ?? ((h: number) => (h >= opts.t - 24 * HOUR ? 420 : EM_PAST));
  const zone = opts.zone ?? 'KR';
  const pt = (t: number, v: number) => ({
    zone,
    carbonIntensity: v,
    datetime: iso(t),
    updatedAt: iso(opts.t),
    createdAt: iso(opts.t - HOUR),
    emissionFactorType: 'lifecycle',
    isEstimated: false,
    estimationMethod: null,
  });
  return fake((url, req, res) => {
    if (req.headers['auth-token'] !== opts.token) {
      send(res, 401, { error: 'Invalid authentication credentials' });
      return;
    }
    if (url.searchParams.get('zone') !== zone) {
      send(res, 404, { error: `Zone '${url.searchParams.get('zone')}' does not exist.` });
      return;
    }
    if (url.pathname === '/v3/carbon-intensity/latest') send(res, 200, pt(opts.t, opts.latest ?? EM_LATEST));
    else if (url.pathname === '/v3/carbon-intensity/history') {
      send(res, 200, {
        zone,
        history: Array.from({ length: 24 }, (_, i) => pt(opts.t - (24 - i) * HOUR, 420)),
      });
    } else if (url.pathname === '/v3/carbon-intensity/past-range') {
      const start = Date.parse(url.searchParams.get('start') ?? '');
      const end = Date.parse(url.searchParams.get('end') ?? '');
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
        send(res, 400, { error: 'Query parameters start and end must be valid datetimes with start < end' });
        return;
      }
      if (end - start > EM_PAST_MAX_MS) {
        send(res, 400, { error: 'The maximum time range is 10 days for hourly granularity' });
        return;
      }
      const data = [];
      for (let h = Math.ceil(start / HOUR) * HOUR; h < end && h <= opts.t; h += HOUR) {
        const v = pastValue(h);
        if (v !== undefined) data.push(pt(h, v));
      }
      send(res, 200, { zone, data, temporalGranularity: 'hourly' });
    } else if (url.pathname === '/v3/carbon-intensity/forecast') {
      send(res, 200, {
        zone,
        forecast: Array.from({ length: 24 }, (_, i) => ({
          carbonIntensity: emForecastValue(i + 1),
          datetime: iso(opts.t + (i + 1) * HOUR),
        })),
        updatedAt: iso(opts.t),
      });
    } else send(res, 404, { error: 'not found' });
  }, opts);
}

/**
 * Carbon Aware SDK: bylocation = hourly points of SDK_PAST before T and 5-min points over T (values
 * 300..355, mean 327.5), only those starting in [time, toTime) — the query parameters the WebAPI's
 * GetEmissionsDataForLocationByTime reads (without `time` it starts at the real now, so data around T are
 * not sent; startTime/endTime are another endpoint's and ignored); forecast = hourly 500, 250 for
 * T+2..T+3. `noData`, or nothing in the range: 204 No Content, as the WebAPI answers an empty result.
 */
export const SDK_PAST = 340;
export function fakeCarbonAwareSdk(
  opts: FakeOptions & { location: string; noData?: boolean },
): Promise<Fake> {
  return fake((url, _req, res) => {
    if (opts.noData && url.pathname.startsWith('/emissions/')) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/emissions/bylocation') {
      if (url.searchParams.get('location') !== opts.location) {
        send(res, 400, {
          title: 'Bad Request',
          status: 400,
          detail: `unknown location ${url.searchParams.get('location')}`,
        });
        return;
      }
      const from = Date.parse(url.searchParams.get('time') ?? iso(Date.now()));
      const to = Date.parse(url.searchParams.get('toTime') ?? iso(from));
      if (Number.isNaN(from) || Number.isNaN(to)) {
        send(res, 400, { title: 'Bad Request', status: 400, detail: 'time and toTime must be date-times' });
        return;
      }
      const point = (t: number, rating: number, duration: string) => ({
        location: opts.location,
        time: iso(t),
        rating,
        duration,
      });
      const data = [];
      for (let h = Math.ceil(from / HOUR) * HOUR; h < Math.min(to, opts.t); h += HOUR)
        data.push(point(h, SDK_PAST, '01:00:00'));
      for (let i = 0; i < 12; i++) {
        const t = opts.t + i * 300_000;
        if (t >= from && t < to) data.push(point(t, 300 + i * 5, '00:05:00'));
      }
      if (data.length === 0) {
        res.writeHead(204);
        res.end();
        return;
      }
      send(res, 200, data);
    } else if (url.pathname === '/emissions/forecasts/current') {
      const windowSize = Number(url.searchParams.get('windowSize') ?? 60);
      const data = Array.from({ length: 24 }, (_, i) => ({
        location: opts.location,
        timestamp: iso(opts.t + (i + 1) * HOUR),
        duration: 60,
        value: i + 1 === 2 || i + 1 === 3 ? 250 : 500,
      }));
      send(res, 200, [
        {
          generatedAt: iso(opts.t),
          requestedAt: iso(opts.t),
          location: opts.location,
          dataStartAt: url.searchParams.get('dataStartAt'),
          dataEndAt: url.searchParams.get('dataEndAt'),
          windowSize,
          optimalDataPoints: [data[1]],
          forecastData: data,
        },
      ]);
    } else if (url.pathname === '/emissions/bylocations/best') {
      const locations = url.searchParams.getAll('location');
      send(res, 200, [{ location: locations[0], time: iso(opts.t), rating: 100, duration: '01:00:00' }]);
    } else send(res, 404, {});
  }, opts);
}

/**
 * WattTime: login (Basic) -> a new token each time (wt-token-1, -2...); signal-index 42 %; forecast 5-min
 * points, 1000 lbs/MWh over T, 600 from T+1; historical 800. A token expires (401) after `tokenUses` data
 * requests, as a real one does after 30 minutes; `refuseTokens` answers 401 to every token.
 */
export function fakeWattTime(
  opts: FakeOptions & {
    user: string;
    password: string;
    region: string;
    tokenUses?: number;
    refuseTokens?: boolean;
    /** A forecast shorter than asked for (the model's horizon), in hours. */
    forecastHours?: number;
  },
): Promise<Fake> {
  let logins = 0;
  let uses = 0;
  const token = () => `wt-token-${logins}`;
  return fake((url, req, res) => {
    if (url.pathname === '/login') {
      const expected = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) send(res, 403, { error: 'Invalid username or password' });
      else {
        logins++;
        uses = 0;
        send(res, 200, { token: token() });
      }
      return;
    }
    const expired = opts.tokenUses !== undefined && uses >= opts.tokenUses;
    if (opts.refuseTokens || expired || logins === 0 || req.headers.authorization !== `Bearer ${token()}`) {
      send(res, 401, { error: 'Unauthorized' });
      return;
    }
    uses++;
    if (
      url.searchParams.get('region') !== opts.region ||
      url.searchParams.get('signal_type') !== 'co2_moer'
    ) {
      send(res, 400, { error: 'bad region or signal_type' });
      return;
    }
    const meta = {
      region: opts.region,
      signal_type: 'co2_moer',
      data_point_period_seconds: 300,
      model: { date: '2026-01-01' },
      warnings: [],
    };
    if (url.pathname === '/v3/signal-index') {
      send(res, 200, {
        data: [{ point_time: iso(opts.t), value: 42 }],
        meta: { ...meta, units: 'percentile' },
      });
    } else if (url.pathname === '/v3/forecast') {
      const asked = Number(url.searchParams.get('horizon_hours') ?? 24);
      const n = Math.min(asked, opts.forecastHours ?? asked) * 12;
      send(res, 200, {
        data: Array.from({ length: n }, (_, i) => ({
          point_time: iso(opts.t + i * 300_000),
          value: i < 12 ? 1000 : 600,
        })),
        meta: {
          ...meta,
          units: 'lbs_co2_per_mwh',
          generated_at: iso(opts.t),
          generated_at_period_seconds: 300,
        },
      });
    } else if (url.pathname === '/v3/historical') {
      const start = Date.parse(url.searchParams.get('start') ?? '');
      const end = Date.parse(url.searchParams.get('end') ?? '');
      const data = [];
      // measured data end with the last full hour before T (the current hour is forecast)
      for (let t = start; t < Math.min(end, opts.t); t += 300_000)
        data.push({ point_time: iso(t), value: 800 });
      send(res, 200, { data, meta: { ...meta, units: 'lbs_co2_per_mwh' } });
    } else send(res, 404, {});
  }, opts);
}
