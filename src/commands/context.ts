/**
 * RunSettings -> RunContext: shared by the CLI and the MCP server, so both read metrics and
 * config the same way. Settings are plain data (already parsed from flags or server options).
 */

import { type ConfigOverrides, type KcarbonConfig, loadConfig } from '../config/index.js';
import { warningText } from '../i18n/index.js';
import { type Component, type PowerBasis, powerBasis } from '../kepler/basis.js';
import { type LoadOptions, loadHistory, loadSnapshot } from '../kepler/load.js';
import type { KeplerSnapshot, Warning } from '../kepler/model.js';
import type { PeriodEnergy } from '../kepler/period.js';
import type { GridSeries } from '../sources/grid/types.js';
import type { ReadProgress } from '../sources/types.js';
import { memo } from '../util/memo.js';
import type { GridAccess, RunContext } from './types.js';

export interface RunSettings {
  /** Where metrics come from (specs, demo, TLS, token, sampling...). */
  source: Omit<LoadOptions, 'signal'>;
  /** Zones forced with --zones (parseZones); undefined = each node's own default set. */
  zones?: string[];
  /** Components summed for pod power (parseComponents; default cpu, gpu). */
  components?: Component[];
  /** User config file or directory (--config / KCARBON_CONFIG). */
  configPath?: string;
  /** One-run replacements of the region's figures (--region, --pue, --intensity). */
  overrides: ConfigOverrides;
  /** Assessment time (--at); default: the time the context is created. */
  at?: Date;
  env: NodeJS.ProcessEnv;
  /** Live grid provider options (--grid, --grid-url, --grid-cache, --grid-strict). */
  grid?: GridSettings;
}

export interface GridSettings {
  provider?: string;
  url?: string;
  cacheDir?: string;
  strict?: boolean;
}

export interface RunHooks {
  /** Shows a warning's message as it happens (stderr, MCP log); the result also carries every warning. */
  warn: (message: string) => void;
  progress?: RunContext['progress'];
  /** Told as each metrics source is read (the CLI's progress line). */
  readProgress?: ReadProgress;
  signal?: AbortSignal;
  /** Supply metrics from elsewhere (the MCP server's short-lived cache). */
  snapshot?: () => Promise<KeplerSnapshot>;
  /** Supply an already loaded config. */
  config?: () => Promise<KcarbonConfig>;
  /** Past report runs (the CLI's --history file). */
  history?: RunContext['history'];
}

export function createRunContext(settings: RunSettings, hooks: RunHooks): RunContext {
  let snap: Promise<KeplerSnapshot> | undefined;
  let config: Promise<KcarbonConfig> | undefined;
  let basis: Promise<PowerBasis> | undefined;
  const components = settings.components ?? ['cpu', 'gpu'];
  const now = settings.at ?? new Date();
  const warnings: Warning[] = [];
  const histories = new Map<string, Promise<PeriodEnergy>>();
  const seen = new Set<string>();
  const warn = (w: Warning) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    warnings.push(w);
    hooks.warn(warningText(w));
  };
  const gridLoads = new Map<string, Promise<GridSeries>>();
  // --timeout is the deadline of every request, the grid provider's too; --max-bytes caps its answers as well.
  const gridLimits = {
    ...(settings.source.timeoutMs !== undefined ? { timeoutMs: settings.source.timeoutMs } : {}),
    ...(settings.source.maxBytes !== undefined ? { maxBytes: settings.source.maxBytes } : {}),
  };
  const grid: GridAccess = {
    choice: settings.grid?.provider ?? (settings.env.KCARBON_GRID?.trim() || undefined),
    strict: settings.grid?.strict ?? false,
    load(provider, req) {
      const key = JSON.stringify([provider, req]);
      let p = gridLoads.get(key);
      if (!p) {
        // The provider modules (and undici) load only when a live provider is chosen.
        p = import('../sources/grid/index.js').then((m) =>
          m.loadGridSeries(
            {
              provider,
              url: settings.grid?.url,
              cacheDir: settings.grid?.cacheDir,
              env: settings.env,
              signal: hooks.signal,
              ...gridLimits,
            },
            req,
          ),
        );
        gridLoads.set(key, p);
      }
      return p;
    },
    async best(locations, from, to) {
      const m = await import('../sources/grid/index.js');
      return m.bestLocations(
        {
          provider: 'carbon-aware-sdk',
          url: settings.grid?.url,
          cacheDir: settings.grid?.cacheDir,
          env: settings.env,
          signal: hooks.signal,
          ...gridLimits,
        },
        locations,
        from,
        to,
      );
    },
  };
  const snapshot = (): Promise<KeplerSnapshot> => {
    snap ??= (
      hooks.snapshot
        ? hooks.snapshot()
        : loadSnapshot({
            ...settings.source,
            signal: hooks.signal,
            ...(hooks.readProgress ? { progress: hooks.readProgress } : {}),
          })
    ).then((loaded) => {
      for (const w of loaded.warnings) warn(w);
      return loaded;
    });
    return snap;
  };
  return {
    zones: settings.zones,
    components,
    now,
    grid,
    warn,
    warnings: () => [...warnings],
    progress: hooks.progress ?? (() => {}),
    signal: hooks.signal,
    ...(hooks.history ? { history: hooks.history } : {}),
    env: settings.env,
    ...(settings.overrides.basis !== undefined ? { basisFlag: settings.overrides.basis } : {}),
    snapshot,
    powerBasis() {
      // One basis per snapshot and flags: the figures memoised on it (ranked pods, metrics info...) are then
      // shared by every MCP call that reads the same cached snapshot.
      const key = `basis:${components.join(',')}|${settings.zones?.join(',') ?? '*'}`;
      basis ??= snapshot().then((snap) =>
        memo(snap, key, () => powerBasis(snap, { components, zones: settings.zones })),
      );
      return basis;
    },
    energyHistory(period) {
      const key = `${period.from.toISOString()}/${period.to.toISOString()}`;
      let h = histories.get(key);
      if (!h) {
        h = loadHistory(
          {
            ...settings.source,
            signal: hooks.signal,
            ...(hooks.readProgress ? { progress: hooks.readProgress } : {}),
          },
          period,
        );
        histories.set(key, h);
      }
      return h;
    },
    config() {
      config ??= hooks.config
        ? hooks.config()
        : loadConfig({
            configPath: settings.configPath,
            env: settings.env,
            overrides: settings.overrides,
            now,
          });
      return config;
    },
  };
}

/**
 * The region a command's input runs in (`region`, or `current_region` for regions): the one
 * --pue/--intensity replace. Both front ends take it from here.
 */
export function inputRegion(input: Record<string, unknown>): string | undefined {
  for (const key of ['region', 'current_region']) {
    const v = input[key];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

/** Settings for one run of a command: the base settings with the input's region as the override region. */
export function settingsForInput(base: RunSettings, input: Record<string, unknown>): RunSettings {
  return { ...base, overrides: { ...base.overrides, region: inputRegion(input) ?? base.overrides.region } };
}
