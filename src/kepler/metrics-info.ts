import { z } from 'zod';
import { round } from '../util/round.js';
import type { KeplerSnapshot } from './model.js';

/** Where a result's figures came from: attached to every metrics-based result. */
export const MetricsInfoSchema = z.object({
  captured_at: z.string().describe('When the metrics were read (ISO 8601)'),
  kepler_format: z.string().describe('Kepler exposition generation: v0.10+ or legacy-0.7'),
  kepler_version: z.string().optional().describe('Kepler version from its build-info metric'),
  zones: z.array(z.string()).describe('RAPL zones summed for pod power'),
  watts_from: z.enum(['gauges', 'sampled']).describe("Kepler's watts gauges, or averaged from two scrapes"),
  sample_seconds: z.number().optional().describe('Sampling interval when watts_from is sampled'),
  nodes_reporting: z.array(z.string()).describe('Nodes whose exporter was read'),
  sources_failed: z
    .array(z.object({ origin: z.string(), error: z.string() }))
    .describe('Sources that failed'),
});
export type MetricsInfo = z.infer<typeof MetricsInfoSchema>;

export function metricsInfo(snap: KeplerSnapshot, zones: readonly string[]): MetricsInfo {
  return {
    captured_at: snap.capturedAt,
    kepler_format: snap.format,
    ...(snap.version ? { kepler_version: snap.version } : {}),
    zones: [...zones],
    watts_from: snap.wattsFrom,
    ...(snap.sampleSeconds ? { sample_seconds: round(snap.sampleSeconds, 3) } : {}),
    nodes_reporting: snap.nodes.map((n) => n.name).sort(),
    sources_failed: snap.sources
      .filter((s) => !s.ok)
      .map((s) => ({ origin: s.origin, error: s.error ?? '' })),
  };
}
