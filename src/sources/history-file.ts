/**
 * A history file: joules counter readings of pods at a fixed step, as JSON (the bundled demo's
 * fixtures/demo/history/). It lets a period be shown without a Prometheus; kcarbon splits it into clock hours
 * with the same code as any counter history (kepler/period.ts), resets included.
 *
 *   { "start": "2025-11-19T00:00:00Z", "step_seconds": 3600,
 *     "series": [ { "labels": { "pod_namespace": "...", "pod_name": "...", "pod_id": "...", "node_name": "...",
 *                               "zone": "package" },  "metric": "kepler_pod_cpu_joules_total",
 *                   "joules": [null, 0, 151.2, ...] } ] }      // null = no reading at that step
 */
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { InputError, issueMsg, msg, valueAt } from '../errors.js';

/** Built on first use: only a run that reads a history file needs it (its datetime pattern alone costs ~1 ms). */
let historyFileSchema: ReturnType<typeof buildHistoryFileSchema> | undefined;
const buildHistoryFileSchema = () =>
  z.object({
    comment: z.string().optional(),
    start: z.iso.datetime({ offset: true }),
    step_seconds: z.number().positive(),
    series: z.array(
      z.object({
        metric: z.string(),
        labels: z.record(z.string(), z.string()),
        joules: z.array(z.number().nonnegative().nullable()),
      }),
    ),
  });

export interface CounterSeries {
  metric: string;
  labels: Record<string, string>;
  /** [ms, joules], time-ordered. */
  samples: [number, number][];
}

export interface CounterHistory {
  origin: string;
  /** First and last reading (ms). */
  start: number;
  end: number;
  series: CounterSeries[];
}

export async function readHistoryFile(path: string): Promise<CounterHistory> {
  let json: unknown;
  try {
    json = JSON.parse(await fsp.readFile(path, 'utf8'));
  } catch (err) {
    throw new InputError(msg('notHistoryFile', path, (err as Error).message));
  }
  historyFileSchema ??= buildHistoryFileSchema();
  const parsed = historyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new InputError(msg('fileIssue', path, where, issueMsg(issue, valueAt(json, issue.path))));
  }
  const h = parsed.data;
  const start = Date.parse(h.start);
  const step = h.step_seconds * 1000;
  const length = Math.max(0, ...h.series.map((s) => s.joules.length));
  return {
    origin: path,
    start,
    end: start + (length - 1) * step,
    series: h.series.map((s) => ({
      metric: s.metric,
      labels: s.labels,
      samples: s.joules.flatMap((v, i): [number, number][] => (v === null ? [] : [[start + i * step, v]])),
    })),
  };
}
