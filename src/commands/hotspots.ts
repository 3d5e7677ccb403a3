/** `kcarbon hotspots` / identify_power_hotspots: pods at or above a power threshold. */
import { z } from 'zod';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { checkPowerAvailable, rankPods } from '../kepler/power.js';
import { fmt, table } from '../render/table.js';
import { round } from '../util/round.js';
import { namespaceInput } from './common.js';
import { defineCommand } from './types.js';

const input = z.object({
  namespace: namespaceInput,
  power_threshold_watts: z
    .number()
    .min(0)
    .default(1)
    .describe('A pod drawing at least this many watts is a hotspot (default 1 W)'),
});

const hotspot = z.object({
  rank: z.number(),
  name: z.string(),
  namespace: z.string(),
  node: z.string(),
  power_watts: z.number(),
  share_percent: z.number().describe('Share of the scope total power'),
});

const output = z.object({
  namespace: z.string(),
  threshold_watts: z.number(),
  summary: z.object({
    total_hotspots: z.number(),
    total_power_watts: z.number().describe('Power of the hotspots (W)'),
    scope_power_watts: z.number().describe('Power of all running pods in scope (W)'),
    hotspot_share_percent: z.number(),
  }),
  hotspots: z.array(hotspot).describe('Every hotspot, highest power first (no truncation)'),
  metrics: MetricsInfoSchema,
});
export type HotspotsResult = z.infer<typeof output>;

export const hotspotsCommand = defineCommand({
  name: 'hotspots',
  tool: 'identify_power_hotspots',
  title: 'Power hotspots',
  summary: 'Pods drawing at least --threshold watts',
  description: 'Running pods whose Kepler-measured power is at or above a threshold, highest first.',
  input,
  output,
  args: [],
  options: [
    {
      key: 'power_threshold_watts',
      flags: '-t, --threshold <watts>',
      description: 'hotspot threshold in watts',
      parse: 'number',
    },
  ],
  readsMetrics: true,
  async run(args, ctx) {
    const snap = await ctx.snapshot();
    checkPowerAvailable(snap, ctx.zones, ctx.warn);
    const rows = rankPods(snap, args.namespace, ctx.zones);
    const scope = rows.reduce((s, r) => s + r.watts, 0);
    const hot = rows.filter((r) => r.watts >= args.power_threshold_watts);
    const hotTotal = hot.reduce((s, r) => s + r.watts, 0);
    return {
      namespace: args.namespace ?? 'all',
      threshold_watts: args.power_threshold_watts,
      summary: {
        total_hotspots: hot.length,
        total_power_watts: round(hotTotal),
        scope_power_watts: round(scope),
        hotspot_share_percent: round(scope > 0 ? (hotTotal / scope) * 100 : 0, 2),
      },
      hotspots: hot.map((r, i) => ({
        rank: i + 1,
        name: r.pod.name,
        namespace: r.pod.namespace,
        node: r.pod.node,
        power_watts: round(r.watts),
        share_percent: round(scope > 0 ? (r.watts / scope) * 100 : 0, 2),
      })),
      metrics: metricsInfo(snap, ctx.zones),
    };
  },
  renderTable(r, style) {
    const s = r.summary;
    const line = `${s.total_hotspots} hotspot(s) at or above ${fmt(r.threshold_watts)} W: ${fmt(s.total_power_watts)} W, ${fmt(s.hotspot_share_percent, 1)} % of ${fmt(s.scope_power_watts)} W`;
    if (r.hotspots.length === 0) return line;
    const t = table(
      style,
      ['#', 'Namespace', 'Pod', 'Node', 'Power (W)', 'Share'],
      r.hotspots.map((h) => [
        h.rank,
        h.namespace,
        h.name,
        h.node,
        fmt(h.power_watts),
        `${fmt(h.share_percent, 1)} %`,
      ]),
      ['right', 'left', 'left', 'left', 'right', 'right'],
    );
    return `${t}\n${style.c.dim(line)}`;
  },
});
