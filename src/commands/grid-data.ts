/**
 * The loading edge of live grid data: which provider (--grid > KCARBON_GRID > config defaults.grid >
 * offline), which zone the region maps to (config), the fetch (through the run context), and what a
 * failure means (a `grid-fallback` warning and offline data, or exit 3 with --grid-strict). The result
 * is an IntensityLookup (src/carbon/live.ts) handed to the pure engine as data.
 */
import { LIFECYCLE } from '../carbon/basis.js';
import { type HourlyIntensity, hourSources, hourStart, type IntensityLookup } from '../carbon/hourly.js';
import { hourFigures, liveLookup } from '../carbon/live.js';
import { closeNames, GridChoiceSchema, getRegion, type KcarbonConfig, statedBy } from '../config/index.js';
import { englishOf, type Msg, msg, SourceUnreachableError, UsageError } from '../errors.js';
import { noteReason } from '../i18n/index.js';
import { warning } from '../kepler/model.js';
import type { GridProviderName, GridSeries } from '../sources/grid/types.js';
import type { RunContext } from './types.js';

export interface GridWant {
  /** Forecast hours wanted after the assessment time. */
  horizonHours: number;
  /** History hours wanted before it. */
  historyHours: number;
  /** A period whose hours are wanted too (--since/--from/--to). */
  history?: { from: Date; to: Date };
  /** Run length (minutes) for a provider's own best window (Carbon Aware SDK windowSize). */
  windowMinutes?: number;
}

/** The provider of the run, validated; 'offline' when none is chosen. */
export function gridChoice(ctx: RunContext, config: KcarbonConfig): 'offline' | GridProviderName {
  const raw = ctx.grid?.choice ?? config.defaults.grid ?? 'offline';
  const parsed = GridChoiceSchema.safeParse(raw.toLowerCase());
  if (!parsed.success) {
    const close = closeNames(raw, [...GridChoiceSchema.options], 1);
    throw new UsageError(
      msg('unknownGrid', raw),
      close.length ? msg('didYouMeanNames', `'${close[0]}'`) : msg('gridHint'),
    );
  }
  return parsed.data;
}

/** The provider's zone/location/region of a cloud region, from config; undefined when none is mapped. */
export function providerZone(
  config: KcarbonConfig,
  provider: GridProviderName,
  regionCode: string,
): string | undefined {
  const mapped = config.gridProviders[provider]?.zones[regionCode];
  if (mapped) return mapped;
  if (provider === 'electricitymaps') return getRegion(config, regionCode).gridZone;
  if (provider === 'carbon-aware-sdk') return regionCode;
  return undefined;
}

/** Live series for the regions (each fetched once per run); failures warn or, with --grid-strict, throw. */
export async function liveSeries(
  ctx: RunContext,
  config: KcarbonConfig,
  regions: readonly string[],
  want: GridWant,
  opts: { anyBasis?: boolean } = {},
): Promise<GridSeries[]> {
  const provider = gridChoice(ctx, config);
  if (provider === 'offline' || !ctx.grid) return [];
  const basis = config.defaults.basis ?? LIFECYCLE;
  if (basis !== LIFECYCLE && !opts.anyBasis) {
    ctx.warn(warning('grid-unused', { basis, provider }));
    return [];
  }
  const out: GridSeries[] = [];
  for (const region of regions) {
    // A stated intensity (--intensity, KCARBON_INTENSITY) is that figure at every hour of the run: the provider's
    // figures would replace it for the hours they cover, so it is not asked for that region.
    const stated = statedIntensity(config, region);
    if (stated && !opts.anyBasis) {
      ctx.warn(warning('grid-unused', { provider, region, stated: stated.by, value: stated.value }));
      continue;
    }
    const fail = (reason: Msg | string, hint: Msg): void => {
      if (ctx.grid?.strict) throw new SourceUnreachableError(msg('gridFailed', provider, reason), hint);
      ctx.warn(warning('grid-fallback', { provider, region, reason: warnedReason(reason) }));
    };
    const zone = providerZone(config, provider, region);
    if (!zone) {
      fail(msg('gridNoZone', provider, region), msg('gridZoneHint', provider, region));
      continue;
    }
    try {
      const series = await ctx.grid.load(provider, {
        region,
        zone,
        at: ctx.now,
        horizonHours: want.horizonHours,
        historyHours: want.historyHours,
        ...(want.history ? { history: want.history } : {}),
        ...(want.windowMinutes ? { windowMinutes: Math.max(1, Math.round(want.windowMinutes)) } : {}),
      });
      // The SDK's answers do not say which signal its data source gives: config says it.
      const conf = provider === 'carbon-aware-sdk' ? config.gridProviders[provider] : undefined;
      out.push(conf ? { ...series, signal: conf.signal, basis: conf.basis } : series);
    } catch (err) {
      if (err instanceof SourceUnreachableError) throw err;
      if (!(err instanceof Error) || err.name === 'AbortError') throw err;
      fail(failureReason(err, provider), msg('gridCheckHint'));
    }
  }
  return out;
}

/**
 * Why a provider failed, by code where it has one (printed in the run's language), else its English line; without
 * the provider's name, which the message around it names already.
 */
function failureReason(err: Error, provider: string): Msg | string {
  const coded = (err as { reason?: Msg }).reason;
  if (coded) return coded;
  const own = `${provider}: `;
  return err.message.startsWith(own) ? err.message.slice(own.length) : err.message;
}

/** A reason as the English a warning carries, its code kept for the run's language. */
function warnedReason(reason: Msg | string): string {
  const english = englishOf(reason);
  if (typeof reason !== 'string') noteReason(english, reason);
  return english;
}

/** The flag or variable that states a region's intensity for this run, with the figure; undefined when none does. */
function statedIntensity(config: KcarbonConfig, region: string): { by: string; value: number } | undefined {
  const figure = getRegion(config, region).intensity;
  const by = statedBy(figure.origin);
  return by === undefined ? undefined : { by, value: figure.value };
}

/** The run's I(region, hour): offline, with the live provider's hours for the given regions. */
export async function runLookup(
  ctx: RunContext,
  config: KcarbonConfig,
  regions: readonly string[],
  want: GridWant,
): Promise<IntensityLookup | undefined> {
  const series = await liveSeries(ctx, config, regions, want);
  return series.length ? liveLookup(config, series) : undefined;
}

/**
 * With the Carbon Aware SDK: its own pick of the cleanest region over the next hours
 * (/emissions/bylocations/best), mapped back to cloud regions; undefined with other providers.
 */
export async function sdkBestRegions(
  ctx: RunContext,
  config: KcarbonConfig,
  regions: readonly string[],
  hours: number,
): Promise<
  | {
      provider: string;
      from: string;
      to: string;
      best: Array<{ region: string; location: string; time: string; rating: number }>;
    }
  | undefined
> {
  if (gridChoice(ctx, config) !== 'carbon-aware-sdk' || !ctx.grid) return undefined;
  const byLocation = new Map(regions.map((r) => [providerZone(config, 'carbon-aware-sdk', r)!, r]));
  const from = ctx.now;
  const to = new Date(ctx.now.getTime() + hours * 3_600_000);
  try {
    const best = await ctx.grid.best([...byLocation.keys()], from, to);
    return {
      provider: 'carbon-aware-sdk',
      from: from.toISOString(),
      to: to.toISOString(),
      best: best.map((b) => ({ region: byLocation.get(b.location) ?? b.location, ...b })),
    };
  } catch (err) {
    if (!(err instanceof Error) || err.name === 'AbortError') throw err;
    const reason = failureReason(err, 'carbon-aware-sdk');
    if (ctx.grid.strict)
      throw new SourceUnreachableError(msg('gridFailed', 'carbon-aware-sdk', reason), msg('gridCheckHint'));
    ctx.warn(warning('grid-fallback', { provider: 'carbon-aware-sdk', reason: warnedReason(reason) }));
    return undefined;
  }
}

/** The live block of a region's carbon-intensity resource: what the configured provider says now. */
export type LiveFigure =
  | { configured: false; note: string }
  | {
      configured: true;
      provider: GridProviderName;
      available: false;
      reason: string;
    }
  | {
      configured: true;
      provider: GridProviderName;
      available: true;
      zone: string;
      /** The provider's figure for the hour of the assessment time (g/kWh). */
      value: number;
      unit: 'gCO2e/kWh';
      signal: string;
      basis: string;
      /** history, latest or forecast. */
      kind: string;
      /** The figure's own time (the provider's data point). */
      timestamp: string;
      fetched_at: string;
      endpoints: string[];
      notes: string[];
      signal_index_percent?: number;
      /** false when the run's basis is an official factor or the region's intensity is stated (--intensity): the live figure is shown, not used. */
      used_by_runs: boolean;
    };

/**
 * The configured provider's figure for a region at the assessment time (whatever the run's basis: a
 * resource shows what the provider says), or why there is none. Never throws for a provider failure.
 */
export async function liveFigure(
  ctx: RunContext,
  config: KcarbonConfig,
  region: string,
): Promise<LiveFigure> {
  const provider = gridChoice(ctx, config);
  if (provider === 'offline' || !ctx.grid) {
    return {
      configured: false,
      note: 'no live grid provider configured: start kcarbon with --grid electricitymaps, carbon-aware-sdk or watttime (or KCARBON_GRID, config defaults.grid); figures are the offline annual figure and profile',
    };
  }
  const failures: string[] = [];
  let series: GridSeries[] = [];
  try {
    series = await liveSeries(
      { ...ctx, warn: (w) => failures.push(w.message), grid: { ...ctx.grid, strict: false } },
      config,
      [region],
      { horizonHours: 24, historyHours: 24 },
      { anyBasis: true },
    );
  } catch (err) {
    failures.push((err as Error).message);
  }
  const s = series[0];
  const hour = s ? hourFigures(s).get(hourStart(ctx.now.getTime())) : undefined;
  if (!s || !hour) {
    return {
      configured: true,
      provider,
      available: false,
      reason:
        failures[0] ?? `${provider} has no figure for the hour of ${ctx.now.toISOString()} in ${region}`,
    };
  }
  return {
    configured: true,
    provider,
    available: true,
    zone: s.zone,
    value: hour.value,
    unit: 'gCO2e/kWh',
    signal: s.signal,
    basis: s.basis,
    kind: hour.kind ?? 'latest',
    timestamp: hour.timestamp ?? new Date(hourStart(ctx.now.getTime())).toISOString(),
    fetched_at: s.fetchedAt,
    endpoints: [...s.endpoints],
    notes: [...s.notes],
    ...(s.index ? { signal_index_percent: s.index.percent } : {}),
    used_by_runs: (config.defaults.basis ?? LIFECYCLE) === LIFECYCLE && !statedIntensity(config, region),
  };
}

/**
 * Over a period with a live provider: the hours the provider had no figure for keep the offline one; say
 * which (a `grid-partial` warning), or with --grid-strict fail (exit 3: the provider's data are incomplete).
 */
export function periodCoverage(
  ctx: RunContext,
  model: HourlyIntensity,
  period: { from: Date; to: Date },
): void {
  if (!model.live) return;
  const s = hourSources(model, period.from.getTime(), period.to.getTime());
  if (s.offline_hours === 0) return;
  const gaps = s.runs.filter((r) => r.source === 'offline');
  const shown = gaps
    .slice(0, 3)
    .map((r) => `${r.from.slice(0, 16)}Z–${r.to.slice(0, 16)}Z`)
    .join(', ');
  const more = gaps.length > 3 ? ` + ${gaps.length - 3}` : '';
  const params = {
    provider: model.live.provider,
    region: model.region,
    missing: s.offline_hours,
    hours: s.hours,
    spans: `${shown}${more}`,
  };
  if (ctx.grid?.strict) {
    throw new SourceUnreachableError(
      msg('gridPartial', params.provider, params.missing, params.hours, params.region, params.spans),
      msg('gridPartialHint'),
    );
  }
  ctx.warn(warning('grid-partial', params));
}
