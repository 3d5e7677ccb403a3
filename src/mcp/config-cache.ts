/**
 * The server's config, shared by the calls that load it with the same settings in the same year for a short while.
 * Config is validated once per process already (src/config/load.ts, which looks at the files again every
 * `recheck` ms); what a call still paid was working out that its config is the one already made (file names, stamp
 * keys, the ignore file, the overrides' key): here a call made within `ttlMs` of the first with the same key takes
 * that config as is. A load that fails is not kept.
 */
import { createRunContext, type RunSettings } from '../commands/context.js';
import type { KcarbonConfig } from '../config/index.js';

export type ServerConfig = (settings: RunSettings, at: Date) => Promise<KcarbonConfig>;

export function serverConfig(ttlMs: number, now: () => number = Date.now): ServerConfig {
  const kept = new Map<string, { config: Promise<KcarbonConfig>; until: number }>();
  return (settings, at) => {
    const key = `${at.getUTCFullYear()}|${settings.configPath ?? ''}|${JSON.stringify(settings.overrides)}`;
    const t = now();
    const hit = kept.get(key);
    if (hit && t < hit.until) return hit.config;
    const config = createRunContext({ ...settings, at }, { warn() {} }).config();
    if (kept.size >= 100) kept.clear();
    kept.set(key, { config, until: t + ttlMs });
    config.catch(() => {
      if (kept.get(key)?.config === config) kept.delete(key);
    });
    return config;
  };
}
