/**
 * Periods: splitting a period into clock hours, counter increases per hour (resets included), the
 * period formulas against hand-computed values, and the commands over the demo's bundled history.
 */
import { describe, expect, it } from 'vitest';
import { periodFigures } from '../src/carbon/period.js';
import { resolvePeriod } from '../src/commands/period.js';
import { counterHistory, hourQueries, periodSnapshot } from '../src/kepler/history.js';
import { seriesLeftOut, snapshotComplete } from '../src/kepler/metrics-info.js';
import {
  type CounterSamples,
  clockHours,
  HOUR_MS,
  hourlyIncrease,
  increaseBetween,
  makePeriod,
} from '../src/kepler/period.js';
import { cli } from './support/cli.js';
import { expectFigure } from './support/precision.js';

const T = (s: string) => Date.parse(s);
const period = (a: string, b: string) => makePeriod(new Date(a), new Date(b));

/** A small seeded PRNG (deterministic property tests, no dependency). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

describe('clock hours of a period', () => {
  it('starts and ends mid-hour: partial first and last pieces carry their length', () => {
    const s = clockHours(period('2026-01-15T10:20:00Z', '2026-01-15T13:45:00Z'));
    expect(s.map((x) => [new Date(x.start).toISOString().slice(11, 16), x.hours])).toEqual([
      ['10:20', 40 / 60],
      ['11:00', 1],
      ['12:00', 1],
      ['13:00', 0.75],
    ]);
    expect(s[0]!.hour).toBe(T('2026-01-15T10:00:00Z'));
  });
  it('inside one hour: one piece', () => {
    const s = clockHours(period('2026-01-15T10:05:00Z', '2026-01-15T10:35:00Z'));
    expect(s).toHaveLength(1);
    expect(s[0]!.hours).toBe(0.5);
  });
  it('spans midnight and several days; whole hours stay whole', () => {
    const s = clockHours(period('2026-01-13T22:00:00Z', '2026-01-16T02:00:00Z'));
    expect(s).toHaveLength(52); // 2 h + 48 h + 2 h
    expect(s.every((x) => x.hours === 1)).toBe(true);
    expect(s.find((x) => x.start === T('2026-01-14T00:00:00Z'))).toBeDefined();
  });
  it('property: pieces are contiguous, inside one clock hour each, and add up to the period', () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const from = T('2026-01-01T00:00:00Z') + Math.floor(r() * 10 * 86_400_000);
      const to = from + 1 + Math.floor(r() * 3 * 86_400_000);
      const p = makePeriod(new Date(from), new Date(to));
      const s = clockHours(p);
      expect(s[0]!.start).toBe(from);
      expect(s[s.length - 1]!.end).toBe(to);
      const bad = s.filter(
        (x, k) => x.start < x.hour || x.end > x.hour + HOUR_MS || (k > 0 && x.start !== s[k - 1]!.end),
      );
      expect(bad).toEqual([]);
      expect(s.reduce((a, x) => a + x.hours, 0)).toBeCloseTo(p.hours, 9);
    }
  });
});

describe('counter increase per hour', () => {
  // 100 W from 10:00 to 12:00, read every 15 min: 90 000 J per 15 min.
  const start = T('2026-01-15T10:00:00Z');
  const steady: CounterSamples = Array.from({ length: 9 }, (_, i) => [start + i * 900_000, 5e6 + i * 90_000]);
  it('mid-hour boundaries share a step by time (constant power between readings)', () => {
    expect(increaseBetween(steady, T('2026-01-15T10:00:00Z'), T('2026-01-15T11:00:00Z'))).toBeCloseTo(
      360_000,
      6,
    );
    // 10:20 - 10:50 = 30 min of 100 W = 180 000 J
    expect(increaseBetween(steady, T('2026-01-15T10:20:00Z'), T('2026-01-15T10:50:00Z'))).toBeCloseTo(
      180_000,
      6,
    );
    // nothing outside the readings
    expect(increaseBetween(steady, T('2026-01-15T12:00:00Z'), T('2026-01-15T13:00:00Z'))).toBe(0);
  });
  it('a counter reset inside an hour: the step after the reset is the new value', () => {
    // readings 10:00 1000 J, 10:15 1600, [restart], 10:30 250, 10:45 850, 11:00 1450
    const s: CounterSamples = [
      [start, 1000],
      [start + 900_000, 1600],
      [start + 1_800_000, 250],
      [start + 2_700_000, 850],
      [start + 3_600_000, 1450],
    ];
    // 600 + 250 + 600 + 600 = 2050 J (never negative, never the 1350 J drop)
    expect(increaseBetween(s, start, start + HOUR_MS)).toBe(2050);
    const slices = clockHours(makePeriod(new Date(start + 1_350_000), new Date(start + HOUR_MS)));
    // 10:22:30 - 11:00: half of the reset step (125) + 600 + 600
    expect(hourlyIncrease(s, slices)).toEqual([1325]);
  });
  it('property: hour pieces add up to the whole, resets included', () => {
    const r = rng(11);
    for (let i = 0; i < 200; i++) {
      const t0 = T('2026-01-15T00:00:00Z') + Math.floor(r() * 3_600_000);
      let v = r() * 1e6;
      const samples: [number, number][] = [];
      let t = t0;
      for (let k = 0; k < 200; k++) {
        samples.push([t, v]);
        t += 15_000 + Math.floor(r() * 120_000);
        v = r() < 0.03 ? r() * 100 : v + r() * 5000;
      }
      const from = t0 + Math.floor(r() * 600_000);
      const to = t - Math.floor(r() * 600_000);
      const slices = clockHours(makePeriod(new Date(from), new Date(to)));
      const parts = hourlyIncrease(samples, slices).reduce((a, b) => a + b, 0);
      expect(parts).toBeCloseTo(increaseBetween(samples, from, to), 6);
    }
  });
});

describe('increases that are not energy', () => {
  // Two pods on node n1, read hourly over 3 h; pod b's counter has a NaN reading (a NaN sample scraped into
  // Prometheus gives the same NaN increase()).
  const h0 = T('2026-01-15T10:00:00Z');
  const series = (name: string, joules: number[]) => ({
    metric: 'kepler_pod_cpu_joules_total',
    labels: { pod_namespace: 'ns', pod_name: name, pod_id: name, node_name: 'n1', zone: 'package' },
    samples: joules.map((j, i) => [h0 + i * HOUR_MS, j] as [number, number]),
  });
  const energy = (b: number[]) =>
    counterHistory(
      {
        origin: 'hist.json',
        start: h0,
        end: h0 + 3 * HOUR_MS,
        series: [series('a', [0, 3600, 7200, 10800]), series('b', b)],
      },
      period('2026-01-15T10:00:00Z', '2026-01-15T13:00:00Z'),
    );

  it('are left out, counted per node and metric, and make the data incomplete', () => {
    const e = energy([0, 7200, Number.NaN, 21600]);
    // b: 7200 J in the first hour; the two hours touching the NaN reading are left out, not counted as 0 J.
    expect(e.pods.find((p) => p.name === 'b')?.joules.package).toEqual([7200, 0, 0]);
    expect(e.excluded).toEqual([
      { node: 'n1', metric: 'kepler_pod_cpu_joules_total', series: 1, hours: 2, kinds: 'not a number' },
    ]);
    const snap = periodSnapshot(e);
    expect(snap.warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'value-excluded',
        'hist.json: node n1: 2 hourly increase(s) of 1 kepler_pod_cpu_joules_total series excluded (not a number); figures leave those hours out',
      ],
    ]);
    // One series (b's package counter) has hours left out.
    expect(seriesLeftOut(snap)).toEqual([{ origin: 'hist.json', count: 1 }]);
    expect(snapshotComplete(snap)).toBe(false);
  });

  it('good history is complete, with no warning', () => {
    const snap = periodSnapshot(energy([0, 7200, 14400, 21600]));
    expect(snap.warnings).toEqual([]);
    expect(snapshotComplete(snap)).toBe(true);
    // b: 7200 J an hour for 3 h = 2 W on average; a: 1 W.
    expect(snap.pods.map((p) => [p.name, p.watts.package])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});

describe('Prometheus queries of a period', () => {
  it('whole hours in one 1 h-step query; each partial hour on its own over its length (at least 5 min)', () => {
    const q = hourQueries(clockHours(period('2026-01-15T10:20:00Z', '2026-01-15T13:58:00Z')));
    expect(q.map((x) => [x.query.ends.length, x.query.rangeMs])).toEqual([
      [2, HOUR_MS],
      [1, 40 * 60_000],
      [1, 58 * 60_000],
    ]);
    const tiny = hourQueries(clockHours(period('2026-01-15T10:00:00Z', '2026-01-15T11:01:00Z')));
    // the last minute is read over 5 min and scaled to 1/5
    expect([...tiny[1]!.at.values()]).toEqual([[1, 0.2]]);
  });
});

describe('period input', () => {
  const now = new Date('2026-01-15T05:00:00Z');
  it('--since ends at --to, else at the assessment time', () => {
    expect(resolvePeriod({ since: '24h' }, now)).toMatchObject({
      from: new Date('2026-01-14T05:00:00Z'),
      to: now,
      hours: 24,
    });
    expect(resolvePeriod({ since: '7d', to: '2026-01-10T00:00:00+09:00' }, now)?.from.toISOString()).toBe(
      '2026-01-02T15:00:00.000Z',
    );
    expect(resolvePeriod({}, now)).toBeUndefined();
  });
  it('bad combinations are usage errors', () => {
    expect(() => resolvePeriod({ since: '1h', from: '2026-01-01T00:00:00Z' }, now)).toThrow(/both/);
    expect(() => resolvePeriod({ to: '2026-01-01T00:00:00Z' }, now)).toThrow(/--to needs/);
    expect(() => resolvePeriod({ from: '2026-01-16T00:00:00Z' }, now)).toThrow(/end after/);
    expect(() => resolvePeriod({ from: 'yesterday' }, now)).toThrow(/not a date-time/);
    expect(() => resolvePeriod({ since: '500d' }, now)).toThrow(/at most 400 days/);
  });
});

describe('period formulas (README worked example: demo batch/daytime-etl, --since 24h at 05:00 UTC)', () => {
  // 46 W (40 package + 6 dram) for one hour at 14:00 KST on Jan 14 and at 11, 12, 13 KST on Jan 15.
  const KR_MEAN = 11782 / 24;
  const I = (p: number) => (423 * p) / KR_MEAN;
  const p = period('2026-01-14T05:00:00Z', '2026-01-15T05:00:00Z');
  const slices = clockHours(p);
  const joules = slices.map((s) =>
    [
      T('2026-01-14T05:00:00Z'),
      T('2026-01-15T02:00:00Z'),
      T('2026-01-15T03:00:00Z'),
      T('2026-01-15T04:00:00Z'),
    ].includes(s.start)
      ? 46 * 3600
      : 0,
  );
  // local hour of each slice (UTC+9) -> KR profile value
  const KR = [
    503, 503, 503, 503, 503, 503, 501, 493, 484, 477, 474, 472, 471, 472, 473, 475, 479, 486, 494, 501, 503,
    503, 503, 503,
  ];
  const intensities = slices.map((s) => I(KR[(new Date(s.start).getUTCHours() + 9) % 24]!));
  it('E = 4 x 0.046 = 0.184 kWh; P = 184 / 24 = 7.6667 W; I_w = 423 x 472 / 490.9167 = 406.7004; 0.084935 kg', () => {
    const f = periodFigures(joules, slices, intensities, 1.135, p);
    expect(f.energyKwh).toBeCloseTo(0.184, 12);
    expect(f.averagePowerWatts).toBeCloseTo(184 / 24, 9);
    // (473 + 472 + 471 + 472) / 4 = 472
    expect(f.weightedIntensity).toBeCloseTo((423 * 472) / KR_MEAN, 9);
    expect(f.weightedIntensity).toBeCloseTo(406.7004, 4);
    // 0.184 x 1.135 x 406.7004 / 1000
    expect(f.emissionsKg).toBeCloseTo(0.084935, 6);
  });
  it('no energy: the weighted intensity is the time-weighted mean of I(h)', () => {
    const f = periodFigures(
      slices.map(() => 0),
      slices,
      intensities,
      1.135,
      p,
    );
    expect(f.energyKwh).toBe(0);
    expect(f.weightedIntensity).toBeCloseTo(423, 9);
  });
});

describe('the demo over a period (bundled history, no Prometheus)', () => {
  const AT = ['--demo', '--at', '2026-01-15T05:00:00Z', '--since', '24h', '--json'];
  it('assess daytime-etl: the worked example, figure by figure', async () => {
    const r = await cli(['assess', 'daytime-etl', ...AT]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.period).toEqual({ from: '2026-01-14T05:00:00.000Z', to: '2026-01-15T05:00:00.000Z', hours: 24 });
    expect(j.energy_kwh).toBe(0.184);
    expectFigure(j.average_power_watts, 184 / 24, 'W');
    expect(j.intensity_weighted_gCO2eq_kWh).toBe(406.7);
    expect(j.emissions_kg).toBe(0.084935);
    expect(j.data_used.basis).toBe('period (hour-weighted)');
    expect(j.checks[0]).toMatchObject({ standard: 'KR_CARBON_2050', status: 'COMPLIANT', value: 406.7 });
  });
  it('one list run: the night CronJob fails the carbon check, the day CronJob and the services pass', async () => {
    const r = await cli(['list', ...AT]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const row = (n: string) => j.workloads.find((w: { workload: string }) => w.workload === n);
    expect(row('nightly-report')).toMatchObject({ kind: 'CronJob', carbon_status: 'NON_COMPLIANT' });
    // 02:00-05:00 KST: 423 x 503 / 490.9167 = 433.412 g/kWh
    expect(row('nightly-report').intensity_weighted_gCO2eq_kWh).toBe(433.412);
    expect(row('daytime-etl')).toMatchObject({
      carbon_status: 'COMPLIANT',
      intensity_weighted_gCO2eq_kWh: 406.7,
    });
    // a service running around the clock lands on the annual figure
    expect(row('web-frontend').intensity_weighted_gCO2eq_kWh).toBeCloseTo(423, 3);
    expect(j.non_compliant_count).toBe(1);
  });
  it('GPU energy counts over a period: the trainer pod on the GPU node, 43 W CPU + 612 W GPU for 24 h', async () => {
    const top = JSON.parse((await cli(['top', ...AT, '-l', '50'])).stdout);
    const gpuPod = top.consumers.find((c: { name: string }) => c.name === 'ml-training-job-w4k7p');
    // (43 + 612) W x 24 h / 1000 = 15.72 kWh, of which 612 x 24 / 1000 = 14.688 kWh GPU
    expect(gpuPod).toMatchObject({ energy_kwh: 15.72, gpu_watts: 612, power_watts: 655 });
    expect(top.consumers[0].name).toBe('ml-training-job-w4k7p');
    const cpuOnly = JSON.parse((await cli(['top', ...AT, '-l', '50', '--components', 'cpu'])).stdout);
    expect(
      cpuOnly.consumers.find((c: { name: string }) => c.name === 'ml-training-job-w4k7p').energy_kwh,
    ).toBe(1.032);
  });
  it('top and summary over a period rank by energy, with kWh and kg', async () => {
    const top = JSON.parse((await cli(['top', ...AT, '-l', '50'])).stdout);
    const kwh = top.consumers.map((c: { energy_kwh: number }) => c.energy_kwh);
    expect([...kwh].sort((a, b) => b - a)).toEqual(kwh);
    expect(top.workloads[0]).toMatchObject({ workload: 'ml-training-job' });
    const sum = JSON.parse((await cli(['summary', ...AT])).stdout);
    // node power is a current reading: not invented over a period
    expect(sum.nodes).toEqual([]);
    const nodesKwh = sum.nodes_energy.reduce((s: number, n: { energy_kwh: number }) => s + n.energy_kwh, 0);
    expect(nodesKwh).toBeCloseTo(sum.energy_kwh, 5);
    const total = sum.namespaces.reduce((s: number, n: { energy_kwh: number }) => s + n.energy_kwh, 0);
    expect(sum.energy_kwh).toBeCloseTo(total, 5);
    expect(sum.workloads.map((w: { energy_kwh: number }) => w.energy_kwh)).toEqual(
      [...sum.workloads.map((w: { energy_kwh: number }) => w.energy_kwh)].sort(
        (a: number, b: number) => b - a,
      ),
    );
  });
  it('compare over a period weighs a temporal shift against the hours the workload ran, not a run starting now', async () => {
    const r = await cli(['compare', 'nightly-report', ...AT]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // nightly-report runs 02:00-05:00 local: 433.412 g/kWh hour-weighted, over the 424 limit; the cleanest 4 h
    // window (11:00-15:00) averages 406.7, so the shift is 1 - 406.7/433.412 and the optimized run complies.
    expect(j.current_check_intensity_gCO2eq_kWh).toBe(433.412);
    expect(j.current_status).toBe('NON_COMPLIANT');
    const shift = j.applied_optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    expect(shift.estimated_reduction_percent).toBeCloseTo(
      (1 - j.optimized_check_intensity_gCO2eq_kWh / 433.412) * 100,
      2,
    );
    expect(j.optimized_check_intensity_gCO2eq_kWh).toBeCloseTo(406.7, 1);
    expect(shift.description).toContain(
      "against 433.4 g/kWh, the hour-weighted intensity the workload's runs met",
    );
    expect(j.optimized_status).toBe('COMPLIANT');
    // Without a period the shift is weighed against a run starting now, as before.
    const now = JSON.parse(
      (await cli(['compare', 'web-frontend', '--demo', '--at', '2026-01-15T05:00:00Z', '--json'])).stdout,
    );
    expect(now.applied_optimizations[0].description).toContain('for a run starting now');
  });
  it('compare over a period: a temporal shift after a migration is weighed in the destination, not against the origin', async () => {
    const r = await cli([
      'compare',
      'nightly-report',
      ...AT,
      '--optimizations',
      'regional_migration,temporal_shift',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const [move, shift] = j.applied_optimizations;
    // Seoul: I_w = 423 x 503 / 490.9167 = 433.412 (02:00-05:00 KST). To eu-north-1 at 06:00 Stockholm (UTC+1):
    // I(t) = 20 x 23 / 23.375 = 19.679; the runs' timing carried: 20 x 433.412 / 423 = 20.4923 g/kWh.
    expect(move.target_region).toBe('eu-north-1');
    expect(move.estimated_reduction_percent).toBe(95.32);
    // SE-SE3's cleanest 4 h (00:00-04:00) average 22 -> 20 x 22 / 23.375 = 18.8235 g/kWh, against 20.4923:
    // r = 1 - 18.8235 / 20.4923 = 8.14 % (not 1 - 18.8235 / 433.412 = 95.66 %, Seoul's figure).
    expect(shift.estimated_reduction_percent).toBeCloseTo((1 - 18.8235 / 20.4923) * 100, 1);
    expect(j.optimized_check_intensity_gCO2eq_kWh).toBeCloseTo(18.824, 2);
    // I(t) after the shift: 19.679 x 18.8235 / 20.4923 = 18.077 g/kWh.
    expect(j.optimized_carbon_intensity_gCO2eq_kWh).toBeCloseTo(18.077, 2);
    // Combined: 1 - (1 - 0.95320)(1 - 0.08144) = 95.70 %; monthly 5.75 W x 1.1 x 18.8235 x 0.73 / 1000 = 0.086912 kg.
    expect(j.reduction_percent).toBeCloseTo(95.7, 1);
    expect(j.optimized_monthly_emissions_kg).toBeCloseTo(0.086912, 5);
  });

  it('terminal tables name a period in UTC minutes, not raw ISO timestamps with milliseconds', async () => {
    const human = ['--demo', '--at', '2026-01-15T05:00:00Z', '--since', '24h'];
    for (const args of [['assess', 'daytime-etl'], ['list'], ['top'], ['summary']]) {
      for (const lang of ['en', 'ko']) {
        const r = await cli([...args, ...human, '--lang', lang]);
        expect(r.stdout, `${args[0]} ${lang}`).toContain('2026-01-14 05:00 UTC – 2026-01-15 05:00 UTC');
        expect(r.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      }
    }
  });

  it('a period is judged by the limits in force in it, whatever day the command runs (--at)', async () => {
    // DE_ENEFG holds existing data centres to PUE 1.5 from 2027-07-01 and 1.3 from 2030-07-01 (config/standards.json);
    // eu-central-1's PUE is 1.35. A January 2026 period has no PUE limit in force: read in 2030, it still has none.
    const DE = ['daytime-etl', '--demo', '--region', 'eu-central-1', '--standard', 'DE_ENEFG', '--json'];
    const jan2026 = ['--from', '2026-01-14T05:00:00Z', '--to', '2026-01-15T05:00:00Z'];
    const pue = (j: { checks: { check: string; status: string }[] }) =>
      j.checks.find((c) => c.check === 'pue-existing')!.status;
    for (const at of ['2026-01-15T05:00:00Z', '2030-08-01T00:00:00Z']) {
      const r = await cli(['assess', ...DE, ...jan2026, '--at', at]);
      expect(r.code, at).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.status).toBe('COMPLIANT');
      expect(pue(j)).toBe('NOT_APPLICABLE');
      const c = JSON.parse((await cli(['compare', ...DE, ...jan2026, '--at', at])).stdout);
      expect([c.current_status, c.optimized_status]).toEqual(['COMPLIANT', 'COMPLIANT']);
    }
    // A period inside the 1.3 limit's time is held to it (1.35 > 1.3), read then or later.
    for (const at of ['2030-08-01T00:00:00Z', '2031-03-01T00:00:00Z']) {
      const r = await cli(['assess', ...DE, '--since', '24h', '--to', '2030-08-01T00:00:00Z', '--at', at]);
      expect(r.code, `${at} ${r.stderr}`).toBe(1);
      expect(pue(JSON.parse(r.stdout))).toBe('NON_COMPLIANT');
    }
  });

  it('a period from files or exporters is a usage error that names --prometheus', async () => {
    const r = await cli(['list', '--source', 'fixtures/demo', '--since', '24h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kcarbon: error: .*needs history.*--prometheus/);
    const long = await cli(['list', '--demo', '--since', '7d', '--at', '2026-01-15T05:00:00Z']);
    expect(long.code).toBe(2);
    const mixed = await cli(['list', '--demo', '--since', '24h', '--prometheus', 'http://127.0.0.1:9']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^kcarbon: error: --prometheus cannot be combined with .*--demo/);
    // 05:00 UTC: the typical days end at 24:00 UTC, so the history reaches back 29 h from --at.
    expect(long.stderr).toMatch(
      /^kcarbon: error: the demo history holds 48 h of typical days .* reaches back to 2026-01-14T00:00.*use --since 29h or less, or --from 2026-01-14T00:00Z or later$/m,
    );
    // No --to was given: the hint does not speak of "this --to".
    expect(long.stderr).not.toMatch(/this --to/);
    expect((await cli(['list', '--demo', '--since', '29h', '--at', '2026-01-15T05:00:00Z'])).code).toBe(1);
    // A period ending after the assessment time has no measured energy there: exit 2, not figures.
    const future = await cli([
      'assess',
      'ml-training-job',
      '--demo',
      '--at',
      '2026-01-15T05:00:00Z',
      '--since',
      '1h',
      '--to',
      '2027-12-01T00:00:00Z',
    ]);
    expect(future.code).toBe(2);
    expect(future.stderr).toBe(
      'kcarbon: error: --to 2027-12-01T00:00:00Z is after the time of the assessment (2026-01-15T05:00:00.000Z): no energy has been measured there yet — end the period at or before now (or --at); leave --to out to end it now\n',
    );
  });

  it('--window and --sample beside a period are usage errors naming the conflict, never silently ignored', async () => {
    const at = ['--at', '2026-01-15T05:00:00Z'];
    const window = await cli(['list', '--demo', '--since', '24h', '--window', '1h', ...at]);
    expect(window.code).toBe(2);
    expect(window.stdout).toBe('');
    expect(window.stderr).toMatch(
      /^kcarbon: error: --window cannot be combined with a period \(--since, --from\/--to\): .* — drop --window, .*\n$/,
    );
    const sample = await cli(['top', '--demo', '--since', '1h', '--sample', '10s', ...at]);
    expect(sample.code).toBe(2);
    expect(sample.stdout).toBe('');
    expect(sample.stderr).toMatch(
      /^kcarbon: error: --sample cannot be combined with a period \(--since, --from\/--to\): .* — drop --sample, .*\n$/,
    );
    // Refused before Prometheus is asked anything (nothing listens on port 9).
    const prom = await cli([
      'list',
      '--prometheus',
      'http://127.0.0.1:9',
      '--since',
      '24h',
      '--window',
      '1h',
    ]);
    expect(prom.code).toBe(2);
    expect(prom.stderr).toBe(window.stderr);
    const fromTo = await cli([
      'summary',
      '--demo',
      '--from',
      '2026-01-15T00:00:00Z',
      '--to',
      '2026-01-15T04:00:00Z',
      '--window',
      '1h',
      ...at,
    ]);
    expect(fromTo.code).toBe(2);
    expect(fromTo.stderr).toBe(window.stderr);
    const ko = await cli(['--lang', 'ko', 'top', '--demo', '--since', '1h', '--sample', '10s', ...at]);
    expect(ko.stderr).toMatch(
      /^kcarbon: 오류: --sample은 기간\(--since, --from\/--to\)과 함께 쓸 수 없습니다/,
    );
    expect(ko.stderr.split('\n')).toHaveLength(2);
  });

  it("assess over a period says the pods that ran in it and their average power, not 'running pods' and 'Power'", async () => {
    const r = await cli([
      'assess',
      'daytime-etl',
      '--demo',
      '--at',
      '2026-01-15T05:00:00Z',
      '--since',
      '24h',
    ]);
    expect(r.stdout).toMatch(/^Workload +batch\/daytime-etl \(CronJob, 2 pods in the period\)$/m);
    expect(r.stdout).toMatch(/^Average power +7\.67 W$/m);
    expect(r.stdout).not.toMatch(/running pod/);
  });

  it('--since without a unit is refused, never read as seconds (a 24 s period was reported as a day)', async () => {
    const bare = await cli(['list', '--demo', '--since', '24', '--at', '2026-01-15T05:00:00Z']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toBe("kcarbon: error: --since '24' has no unit (s, m, h or d) — e.g. --since 24h\n");
    const zero = await cli(['list', '--demo', '--since', '0h', '--at', '2026-01-15T05:00:00Z']);
    expect(zero.stderr).toBe('kcarbon: error: --since must be greater than zero — e.g. 24h\n');
    const bareZero = await cli(['list', '--demo', '--since', '0', '--at', '2026-01-15T05:00:00Z']);
    expect(bareZero.stderr).toBe(zero.stderr);
  });
});

describe('periods from an assistant (MCP tool parameters since / from / to)', () => {
  it('list_workloads_by_compliance with since returns what kcarbon list --since prints', async () => {
    const { connectStdio } = await import('./support/mcp.js');
    const c = await connectStdio(['--demo', '--at', '2026-01-15T05:00:00Z']);
    try {
      const r = (await c.client.callTool({
        name: 'list_workloads_by_compliance',
        arguments: { since: '24h', namespace: 'batch' },
      })) as { structuredContent?: Record<string, unknown>; isError?: boolean };
      expect(r.isError ?? false).toBe(false);
      const viaCli = JSON.parse(
        (
          await cli([
            'list',
            '-n',
            'batch',
            '--demo',
            '--at',
            '2026-01-15T05:00:00Z',
            '--since',
            '24h',
            '--json',
          ])
        ).stdout,
      );
      const s = r.structuredContent!;
      expect(s.period).toEqual(viaCli.period);
      expect(s.workloads).toEqual(viaCli.workloads);
      const bad = (await c.client.callTool({
        name: 'assess_workload_compliance',
        arguments: { workload_name: 'daytime-etl', since: '1h', from: '2026-01-15T00:00:00Z' },
      })) as { isError?: boolean; content: { text: string }[] };
      expect(bad.isError).toBe(true);
      expect(bad.content[0]!.text).toMatch(/`since` and `from` both give the start of the period/);
    } finally {
      await c.close();
    }
  });
});
