/**
 * Green Software Foundation Carbon Aware SDK WebAPI (self-hosted, no auth): /emissions/bylocation
 * (`location`, `time`, `toTime`) for the past, /emissions/forecasts/current (windowSize) for the forecast and its optimal window, and
 * /emissions/bylocations/best for the cleanest of several locations. Values are g/kWh; the signal is the
 * SDK's data source's (WattTime: marginal, the SDK's default; Electricity Maps: average), from config.
 */
import { msg } from '../../errors.js';
import { gridError, type JsonClient } from './client.js';
import {
  array,
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

const NAME = 'carbon-aware-sdk';

/** "HH:MM:SS" or "d.HH:MM:SS" (.NET TimeSpan) -> seconds. */
export function timeSpanSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

export interface BestLocation {
  location: string;
  time: string;
  rating: number;
}

/** /emissions/bylocations/best: the location(s) with the lowest rating in [from, to] (ties kept). */
export async function bestLocations(
  baseUrl: string,
  http: JsonClient,
  locations: string[],
  from: Date,
  to: Date,
): Promise<BestLocation[]> {
  const url = endpoint(baseUrl, 'emissions/bylocations/best', {
    time: from.toISOString(),
    toTime: to.toISOString(),
  });
  for (const l of locations) url.searchParams.append('location', l);
  const body = (await http.get({ url, ttlSeconds: 300 })) ?? [];
  return array(body, 'best', NAME).map((raw, i) => {
    const r = record(raw, `best[${i}]`, NAME);
    return {
      location: String(r.location),
      time: iso(r.time, `best[${i}].time`, NAME),
      rating: intensityValue(num(r.rating, `best[${i}].rating`, NAME), `best[${i}].rating`, NAME),
    };
  });
}

export const carbonAwareSdk: GridProvider = {
  name: NAME,
  defaultUrl: 'http://127.0.0.1:8080',
  async series(req, { baseUrl, http }) {
    const points: GridPoint[] = [];
    const endpoints: string[] = [];
    const notes: string[] = [];
    // The past wanted (the hours before `at` and a period's), each span asked once.
    for (const span of pastSpans(req)) {
      const past =
        (await http.get({
          url: endpoint(baseUrl, 'emissions/bylocation', {
            // GetEmissionsDataForLocationByTime reads `time` and `toTime` (startTime/endTime are
            // /emissions/average-carbon-intensity's and would be ignored here).
            location: req.zone,
            time: new Date(span.from).toISOString(),
            toTime: new Date(span.to).toISOString(),
          }),
          ttlSeconds: 300,
        })) ?? [];
      array(past, 'bylocation', NAME).forEach((raw, i) => {
        const r = record(raw, `bylocation[${i}]`, NAME);
        points.push({
          start: iso(r.time, `bylocation[${i}].time`, NAME),
          durationSeconds: timeSpanSeconds(r.duration) ?? 300,
          value: intensityValue(
            num(r.rating, `bylocation[${i}].rating`, NAME),
            `bylocation[${i}].rating`,
            NAME,
          ),
          kind: 'history',
        });
      });
    }
    endpoints.push('emissions/bylocation');
    let optimal: string | undefined;
    try {
      const body = await http.get({
        url: endpoint(baseUrl, 'emissions/forecasts/current', {
          location: req.zone,
          dataStartAt: req.at.toISOString(),
          dataEndAt: new Date(req.at.getTime() + req.horizonHours * 3_600_000).toISOString(),
          windowSize: req.windowMinutes,
        }),
        ttlSeconds: 300,
      });
      const forecast = array(body ?? [], 'forecasts', NAME)[0];
      if (forecast !== undefined) {
        const f = record(forecast, 'forecasts[0]', NAME);
        array(f.forecastData ?? [], 'forecastData', NAME).forEach((raw, i) => {
          const r = record(raw, `forecastData[${i}]`, NAME);
          points.push({
            start: iso(r.timestamp, `forecastData[${i}].timestamp`, NAME),
            durationSeconds: num(r.duration, `forecastData[${i}].duration`, NAME) * 60,
            value: intensityValue(
              num(r.value, `forecastData[${i}].value`, NAME),
              `forecastData[${i}].value`,
              NAME,
            ),
            kind: 'forecast',
          });
        });
        const best = Array.isArray(f.optimalDataPoints) ? f.optimalDataPoints[0] : f.optimalDataPoints;
        if (best && typeof best === 'object') {
          const b = best as Record<string, unknown>;
          optimal = `SDK optimal window: ${String(b.timestamp)} (${String(b.value)} g/kWh over ${String(f.windowSize)} min)`;
        }
        endpoints.push('emissions/forecasts/current');
      }
    } catch (err) {
      if (!optional(err)) throw err;
      notes.push(`emissions/forecasts/current: ${err.message}`);
    }
    if (optimal) notes.push(optimal);
    if (points.length === 0) {
      throw gridError(NAME, 'http', msg('gridNoData', req.zone, req.at.toISOString()));
    }
    return {
      provider: NAME,
      zone: req.zone,
      // Replaced from config (gridProviders.carbon-aware-sdk.signal) by the caller.
      signal: 'marginal',
      basis: 'marginal',
      points: mergePoints(points),
      endpoints,
      notes,
    };
  },
};
