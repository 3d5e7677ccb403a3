/**
 * Loads kcarbon's config: the built-in files in the package's config/ directory, an optional
 * user config (file or directory) deep-merged over them, then environment and flag overrides.
 * Precedence: flags > env > user config > built-in. Every overridden figure records where its
 * new value came from (`source`/`origin`).
 */

import {
  accessSync,
  constants,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError, fsReason, issueMsg, type Msg, msg, UsageError, valueAt } from '../errors.js';
import { compareText } from '../util/compare.js';
import { editDistance } from '../util/edit-distance.js';
import { INTENSITY_MAX, INTENSITY_UNIT, limitInRange, PROVENANCE_KEYS, PUE_MAX, PUE_MIN } from './basics.js';
import type { Exception, Figure, KcarbonConfig, LimitCheck, Profile, Region, Standard } from './schema.js';

/** The config file schemas, built on first use: a run on the built-in config its build validated needs none. */
const schemas = () => import('./schema.js');

/** The built-in config directory (`<package>/config`), from both `src/config` and `dist/config`. */
export const BUILTIN_CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

const BUILTIN_FILES = [
  { name: 'regions.json', schema: 'RegionsFileSchema' },
  { name: 'carbon-intensity.json', schema: 'CarbonIntensityFileSchema' },
  { name: 'regulations.json', schema: 'RegulationsFileSchema' },
  { name: 'emission-factors.json', schema: 'EmissionFactorsFileSchema' },
  { name: 'grid-providers.json', schema: 'GridProvidersFileSchema' },
] as const;

/** Files read from a user config directory, in merge order (later wins). */
export const USER_CONFIG_FILES = [
  'regions.json',
  'carbon-intensity.json',
  'regulations.json',
  'emission-factors.json',
  'grid-providers.json',
  'kcarbon.json',
] as const;

/** Environment variables read by the loader besides the `env` fields of checks. */
export const CONFIG_ENV = {
  configPath: 'KCARBON_CONFIG',
  region: 'KCARBON_REGION',
  pue: 'KCARBON_PUE',
  intensity: 'KCARBON_INTENSITY',
  basis: 'KCARBON_BASIS',
} as const;

/** Per-run replacements from command-line flags. */
export interface ConfigOverrides {
  /** Region to use (becomes `defaults.region`); validated by the caller unless `pue`/`intensity` is also set. */
  region?: string;
  /** Replaces the region's PUE for this run (`--pue`). */
  pue?: number;
  /** Replaces the region's grid intensity in gCO2e/kWh for this run (`--intensity`). */
  intensity?: number;
  /** Annual intensity of the run: lifecycle, official or official:<id> (`--basis`). */
  basis?: string;
}

export interface LoadConfigOptions {
  /** User config file or directory; wins over `KCARBON_CONFIG`. */
  configPath?: string;
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
  /** Where `.kcarbonignore.yaml` is looked for (and above); defaults to the process's working directory. */
  cwd?: string;
  /** Clock for the year recorded on overridden figures; defaults to now. */
  now?: Date;
}

type Json = Record<string, unknown>;
type Label = string | ((path: readonly PropertyKey[]) => string);

export async function loadConfig(opts: LoadConfigOptions = {}): Promise<KcarbonConfig> {
  const env = opts.env ?? process.env;
  const year = (opts.now ?? new Date()).getUTCFullYear();
  // --config, then KCARBON_CONFIG; without either, the nearest kcarbon.config.{json,yaml} or .kcarbonrc.
  const userPath = opts.configPath ?? nonEmpty(env[CONFIG_ENV.configPath]);
  const cwd = opts.cwd ?? process.cwd();
  const userFiles =
    userPath === undefined
      ? await recent(`discover|${cwd}`, () => discoverConfig(cwd))
      : await userConfigFiles(userPath, opts.configPath === undefined);
  const builtinFiles = BUILTIN_FILES.map(({ name }) => path.join(BUILTIN_CONFIG_DIR, name));
  // Reading and validating the files is most of the cost: done once per process and set of files, again
  // only when a file changes (its mtime or size), so the MCP server reuses it across calls.
  const stamps = await recent(`stamps|${builtinFiles}|${userFiles}`, () =>
    Promise.resolve([...builtinFiles, ...userFiles].map(fileStamp)),
  );
  const key = `${year}|${stamps.join('|')}`;
  let base = validated.get(key);
  if (!base) {
    base = await readValidated(userFiles, year);
    if (validated.size >= MAX_VALIDATED) validated.delete(validated.keys().next().value!);
    validated.set(key, base);
  }
  const exceptions = await recent(`ignore|${cwd}`, () => readIgnoreFile(cwd));
  // The server's calls with the same files, env and overrides share one finished (read-only) config.
  const finalKey = recheckMs > 0 ? `${key}|${JSON.stringify(opts.overrides ?? {})}|${cwd}` : undefined;
  const byEnv = finalKey === undefined ? undefined : finished.get(env);
  const done = finalKey === undefined ? undefined : byEnv?.get(finalKey);
  if (done && done.exceptions === exceptions) return done.config;
  // Env and flag overrides change figures in place: each run gets its own copy.
  const config = structuredClone(base);
  applyEnvLimits(config, env, year);
  applyRegionOverrides(config, env, opts.overrides ?? {}, year);
  await applyBasis(config, env, opts.overrides ?? {});
  config.exceptions.push(...exceptions);
  if (finalKey !== undefined) {
    const map = byEnv ?? new Map<string, { exceptions: Exception[]; config: KcarbonConfig }>();
    if (map.size > 100) map.clear();
    map.set(finalKey, { exceptions, config });
    finished.set(env, map);
  }
  return config;
}

const finished = new WeakMap<
  NodeJS.ProcessEnv,
  Map<string, { exceptions: Exception[]; config: KcarbonConfig }>
>();

/** The ignore file's name, looked for in the working directory and each parent. */
export const IGNORE_FILE = '.kcarbonignore.yaml';

/** Exceptions from the nearest `.kcarbonignore.yaml` at or above `cwd` (none when there is none). */
async function readIgnoreFile(cwd: string): Promise<Exception[]> {
  let dir = path.resolve(cwd);
  for (;;) {
    const file = path.join(dir, IGNORE_FILE);
    const text = readOptional(file);
    if (text !== undefined) {
      let raw: unknown;
      try {
        raw = await parseYaml(text);
      } catch (err) {
        throw new ConfigError(
          msg('notYaml', file, (err as Error).message.split('\n')[0]!.replace(/:\s*$/, '')),
        );
      }
      const parsed = parseOrThrow((await schemas()).IgnoreFileSchema, raw ?? [], file);
      return parsed.exceptions.map((e) => ({ ...e, file }));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

/**
 * How long a long-running process (the MCP server) trusts what it last saw on disk (file stamps, the ignore
 * file) before looking again; 0 (the CLI: one run) looks every time. Set once by the server.
 */
let recheckMs = 0;
export function setConfigRecheck(ms: number): void {
  recheckMs = ms;
}
const seen = new Map<string, { at: number; value: Promise<unknown> }>();

async function recent<T>(key: string, look: () => Promise<T>): Promise<T> {
  if (recheckMs <= 0) return look();
  const now = Date.now();
  const hit = seen.get(key);
  if (hit && now - hit.at < recheckMs) return hit.value as Promise<T>;
  const value = look();
  if (seen.size > 100) seen.clear();
  seen.set(key, { at: now, value });
  value.catch(() => seen.delete(key));
  return value;
}

const MAX_VALIDATED = 8;
const validated = new Map<string, KcarbonConfig>();

// The config files are a few small local files: read synchronously. Each asynchronous call waited on the thread
// pool in turn, a millisecond or more of every CLI run (and the server looks again at most every few seconds).
function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** A file's text, or undefined when it cannot be read (absent, a directory...). */
function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fileStamp(file: string): string {
  const info = statOrUndefined(file);
  return info ? `${file}@${info.mtimeMs}:${info.size}` : `${file}@missing`;
}

declare const __KCARBON_BUILD_ID__: string | undefined;
/** Set by the bundle step (scripts/bundle.mjs) in the bundle only; tsc output and tests always validate. */
const BUILD_ID = typeof __KCARBON_BUILD_ID__ === 'string' ? __KCARBON_BUILD_ID__ : undefined;

/**
 * The built-in files as the build validated them (written by `npm run build`, beside the bundle): a run of the
 * same bundle on the same built-in texts reuses it instead of validating them again with zod (about 40 ms of
 * every CLI run, a third of it ICU set-up for one time-zone alias). Any other text or build validates.
 */
const BUILTIN_CACHE = fileURLToPath(new URL('../../dist/bundle/builtin-config.json', import.meta.url));

interface BuiltinCache {
  /** The build that validated them. */
  build: string;
  /** The built-in files' texts as validated (compared whole: exact, and cheaper than hashing them). */
  texts: string[];
  config: KcarbonConfig;
}

interface BuiltinBase extends BuiltinCache {
  /**
   * The raw data, stamped with origins, that user files merge over: worked out from the texts when a user
   * config needs it (not kept in the cache file, which every run parses).
   */
  data(): Promise<Json>;
}

async function cachedBuiltin(texts: readonly string[], labels: string[]): Promise<BuiltinBase | undefined> {
  try {
    const cached = JSON.parse(readFileSync(BUILTIN_CACHE, 'utf8')) as BuiltinCache;
    const same =
      cached.build === BUILD_ID &&
      cached.texts.length === texts.length &&
      cached.texts.every((t, k) => t === texts[k]);
    return same ? { ...cached, data: () => builtinData(texts, labels) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built-in files' data merged and stamped with origins; `check` sees each file's own content as it is read
 * (validation, so an error names its file).
 */
async function builtinData(
  texts: readonly string[],
  labels: string[],
  check?: (k: number, raw: unknown) => void,
): Promise<Json> {
  const data: Json = {};
  for (const [k, { name }] of BUILTIN_FILES.entries()) {
    const raw = await parseJsonText(texts[k]!, name, labels[k]!);
    check?.(k, raw);
    // Merge the raw data, not zod's output, so user overrides apply to exactly what the file says.
    const { $comment: _, ...sections } = raw as Json;
    Object.assign(data, stampOrigin(sections, `built-in ${labels[k]}`));
  }
  return data;
}

/** The built-in files, each validated (so an error names its file), merged and validated as a whole. */
async function builtinBase(): Promise<BuiltinBase> {
  const labels = BUILTIN_FILES.map(({ name }) => `config/${name}`);
  const texts = BUILTIN_FILES.map(({ name }, k) => readText(path.join(BUILTIN_CONFIG_DIR, name), labels[k]!));
  if (BUILD_ID !== undefined && process.env.KCARBON_CONFIG_CACHE !== 'write') {
    const cached = await cachedBuiltin(texts, labels);
    if (cached) return cached;
  }
  const s = await schemas();
  const data = await builtinData(texts, labels, (k, raw) =>
    parseOrThrow(s[BUILTIN_FILES[k]!.schema], raw, labels[k]!),
  );
  const config = parseOrThrow(s.KcarbonConfigSchema, { ...data, files: labels }, builtinLabel);
  const cache: BuiltinCache = { build: BUILD_ID ?? '', texts, config };
  // Only the build writes it (scripts/bundle.mjs), never a user's run: the package stays read-only.
  if (BUILD_ID !== undefined && process.env.KCARBON_CONFIG_CACHE === 'write') {
    const tmp = `${BUILTIN_CACHE}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, BUILTIN_CACHE);
  }
  return { ...cache, data: async () => data };
}

/** Built-in files, then each user file merged over them, validated after each step. */
async function readValidated(userFiles: string[], year: number): Promise<KcarbonConfig> {
  const base = await builtinBase();
  let config = base.config;
  if (userFiles.length === 0) return config;
  const files: string[] = [...base.config.files];
  let data = await base.data();
  const { KcarbonConfigSchema, UserConfigFileSchema } = await schemas();
  for (const file of userFiles) {
    const raw = await readJson(file, file);
    rejectProtoKeys(raw, file, []);
    const { $comment: _c, $schema: _s, ...sections } = parseOrThrow(UserConfigFileSchema, raw, file);
    if (Array.isArray(sections.exceptions))
      sections.exceptions = sections.exceptions.map((e) => (isPlainObject(e) ? { ...e, file } : e));
    data = merge(data, sections, { origin: `user config ${file}`, year }) as Json;
    files.push(file);
    // Validate after each file: the previous state was valid, so any issue comes from this file.
    config = parseOrThrow(KcarbonConfigSchema, { ...data, files }, file);
  }
  return config;
}

/** The region for `code`; throws a UsageError listing the known regions and the closest match. */
export function getRegion(config: KcarbonConfig, code: string): Region {
  return lookup(config.regions, code, 'region');
}

/** The region's code as config spells it (`AP-NORTHEAST-2` -> `ap-northeast-2`); throws like `getRegion`. */
export function regionCode(config: KcarbonConfig, code: string): string {
  return lookupKey(config.regions, code, 'region');
}

/** The standard for `code` (exact, or case-insensitive); throws a UsageError like `getRegion`. */
export function getStandard(config: KcarbonConfig, code: string): Standard {
  return lookup(config.standards, code, 'standard');
}

/** The hour-of-day profile `id` (usually a region's `profile`); throws a UsageError like `getRegion`. */
export function getProfile(config: KcarbonConfig, id: string): Profile {
  return lookup(config.profiles, id, 'profile');
}

/** Regions sorted by code, optionally for one provider. */
export function listRegions(
  config: KcarbonConfig,
  filter: { provider?: string } = {},
): Array<Region & { code: string }> {
  return sortedEntries(config.regions)
    .filter(([, r]) => filter.provider === undefined || r.provider === filter.provider)
    .map(([code, r]) => ({ code, ...r }));
}

/** Standards sorted by code. */
export function listStandards(config: KcarbonConfig): Array<Standard & { code: string }> {
  return sortedEntries(config.standards).map(([code, s]) => ({ code, ...s }));
}

/**
 * The limit of a check in force on `at`: the latest threshold whose `from` date has passed,
 * `undefined` if none has yet (not applicable), or `max.value` for a check without a schedule.
 */
export function checkLimitAt(check: LimitCheck, at: Date): number | undefined {
  if (!check.thresholds) return check.max.value;
  const day = at.toISOString().slice(0, 10);
  let limit: number | undefined;
  for (const t of check.thresholds) if (t.from <= day) limit = t.max;
  return limit;
}

// ---------------------------------------------------------------------------------------------
// Overrides

function applyEnvLimits(config: KcarbonConfig, env: NodeJS.ProcessEnv, year: number): void {
  for (const [code, standard] of Object.entries(config.standards)) {
    for (const check of standard.checks) {
      if (check.metric === 'report' || check.env === undefined) continue;
      const raw = nonEmpty(env[check.env]);
      if (raw === undefined) continue;
      const bounds = boundsFor(check.metric);
      const value = parseNumber(raw);
      if (value === undefined || !bounds.ok(value)) {
        throw new ConfigError(
          msg('expectedGot', check.env, bounds.text, raw),
          msg('envReplacesLimit', check.env, `${code}/${check.id}`, check.max.value),
        );
      }
      overrideFigure(check.max, value, `env ${check.env}`, year);
      // An explicit limit applies whatever the date.
      delete check.thresholds;
    }
  }
}

function applyRegionOverrides(
  config: KcarbonConfig,
  env: NodeJS.ProcessEnv,
  flags: ConfigOverrides,
  year: number,
): void {
  const code = flags.region ?? nonEmpty(env[CONFIG_ENV.region]) ?? config.defaults.region;
  const changes: Array<{ field: 'pue' | 'intensity'; value: number; origin: string }> = [];

  for (const field of ['pue', 'intensity'] as const) {
    const name = CONFIG_ENV[field];
    const raw = nonEmpty(env[name]);
    if (raw === undefined) continue;
    const bounds = boundsFor(field);
    const value = parseNumber(raw);
    if (value === undefined || !bounds.ok(value)) {
      throw new ConfigError(msg('expectedGot', name, bounds.text, raw));
    }
    changes.push({ field, value, origin: `env ${name}` });
  }
  // Flags after env, so they win.
  for (const field of ['pue', 'intensity'] as const) {
    const value = flags[field];
    if (value === undefined) continue;
    const bounds = boundsFor(field);
    if (!Number.isFinite(value) || !bounds.ok(value)) {
      throw new UsageError(msg('flagExpected', `--${field}`, bounds.text, value));
    }
    changes.push({ field, value, origin: `flag --${field}` });
  }

  if (changes.length > 0) {
    const region = getRegion(config, code);
    for (const { field, value, origin } of changes) {
      overrideFigure(region[field], value, origin, year);
      // A stated intensity is that number at every hour: no hour-of-day profile is applied to it.
      if (field === 'intensity') delete region.profile;
    }
  }
  config.defaults.region = code;
}

/**
 * The flag or variable a figure was stated by (`--intensity`, `KCARBON_INTENSITY`), read from the origin the
 * overrides above give it (`flag --x`, `env NAME`); undefined for a figure from a config file.
 */
export function statedBy(origin: unknown): string | undefined {
  const m = /^(?:flag|env) (.+)$/.exec(String(origin ?? ''));
  return m?.[1];
}

/** `--basis` > KCARBON_BASIS > defaults.basis > lifecycle. */
async function applyBasis(
  config: KcarbonConfig,
  env: NodeJS.ProcessEnv,
  flags: ConfigOverrides,
): Promise<void> {
  const fromFlag = flags.basis !== undefined;
  const raw = flags.basis ?? nonEmpty(env[CONFIG_ENV.basis]);
  if (raw === undefined) return;
  // lifecycle / official in any case; a factor id after the colon is as config spells it.
  const parsed = (await schemas()).IntensityChoiceSchema.safeParse(
    raw.trim().replace(/^(lifecycle|official)\b/i, (w) => w.toLowerCase()),
  );
  if (!parsed.success) {
    const what = fromFlag ? '--basis' : CONFIG_ENV.basis;
    const message = msg('basisExpected', what, raw);
    const hint = msg('basisHint');
    throw fromFlag ? new UsageError(message, hint) : new ConfigError(message, hint);
  }
  config.defaults.basis = parsed.data;
}

function boundsFor(metric: 'pue' | 'intensity' | 'carbon_intensity'): {
  ok(v: number): boolean;
  text: Msg;
} {
  if (metric === 'pue')
    return { ok: (v) => v >= PUE_MIN && v <= PUE_MAX, text: msg('pueRange', PUE_MIN, PUE_MAX) };
  // A region's grid may be stated at 0 (all renewable); a check's limit may not (no grid meets it, no gap to it).
  return metric === 'intensity'
    ? { ok: (v) => v >= 0 && v <= INTENSITY_MAX, text: msg('intensityRange', INTENSITY_MAX, INTENSITY_UNIT) }
    : {
        ok: (v) => limitInRange('carbon_intensity', v),
        text: msg('intensityLimitRange', INTENSITY_MAX, INTENSITY_UNIT),
      };
}

/** Replaces a figure's value in place; the provenance says where the value came from and what it replaced. */
function overrideFigure(figure: Figure, value: number, origin: string, year: number): void {
  const previous = `${figure.value} ${figure.unit} from ${figure.origin ?? figure.source}`;
  figure.value = value;
  figure.source = origin;
  figure.origin = origin;
  figure.year = year;
  figure.note = `overrides ${previous}`;
  delete figure.licence;
  delete figure.attribution;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string): number | undefined {
  const value = Number(raw);
  return NUMBER.test(raw) && Number.isFinite(value) ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Merging

interface MergeContext {
  origin: string;
  year: number;
}

/**
 * Deep merge of user data over the built-ins: objects merge key by key, `null` deletes a key,
 * arrays of objects with an `id` merge by id, other arrays and scalars replace. A sourced
 * object (a figure or profile) whose data the user changes without giving `source`/`year`
 * gets the user file as source and the current year, and loses the built-in licence and note.
 */
function merge(base: unknown, over: unknown, ctx: MergeContext): unknown {
  if (isPlainObject(over) && isPlainObject(base)) {
    const out: Json = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (value === null) delete out[key];
      else out[key] = merge(Object.hasOwn(base, key) ? base[key] : undefined, value, ctx);
    }
    if (isSourced(base)) restampProvenance(out, base, over, ctx);
    return out;
  }
  if (isIdList(over) && isIdList(base)) {
    const out = [...base];
    for (const item of over) {
      const i = out.findIndex((b) => b.id === item.id);
      if (i >= 0) out[i] = merge(out[i], item, ctx) as Json & { id: string };
      else out.push(stampOrigin(item, ctx.origin));
    }
    return out;
  }
  return stampOrigin(over, ctx.origin);
}

function restampProvenance(out: Json, base: Json, over: Json, ctx: MergeContext): void {
  const changesData = Object.keys(over).some((k) => !(PROVENANCE_KEYS as readonly string[]).includes(k));
  if (changesData) {
    if (!('source' in over)) out.source = ctx.origin;
    if (!('year' in over)) out.year = ctx.year;
    for (const key of ['licence', 'attribution'] as const) if (!(key in over)) delete out[key];
    if (!('note' in over)) {
      if (typeof base.value === 'number' && 'value' in over) {
        out.note = `overrides ${base.value} ${String(base.unit)} from ${String(base.origin ?? base.source)}`;
      } else delete out.note;
    }
  }
  out.origin = ctx.origin;
}

/** Deep copy that sets `origin` on every sourced object (figure or profile). */
function stampOrigin<T>(value: T, origin: string): T {
  if (Array.isArray(value)) return value.map((v) => stampOrigin(v, origin)) as T;
  if (!isPlainObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = stampOrigin(v, origin);
  if (isSourced(out)) out.origin = origin;
  return out as T;
}

function isSourced(v: Json): boolean {
  return typeof v.source === 'string' && typeof v.year === 'number';
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdList(v: unknown): v is Array<Json & { id: string }> {
  return Array.isArray(v) && v.length > 0 && v.every((x) => isPlainObject(x) && typeof x.id === 'string');
}

/** Also refuses a YAML alias inside its own anchor (`a: &a [*a]`), a loop every later step would recurse into. */
function rejectProtoKeys(v: unknown, file: string, at: PropertyKey[], within = new Set<unknown>()): void {
  if (!Array.isArray(v) && !isPlainObject(v)) return;
  if (within.has(v))
    throw new ConfigError(msg('yamlAliasLoop', file, formatPath(at)), msg('configFormatHint'));
  within.add(v);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) rejectProtoKeys(x, file, [...at, i], within);
  } else {
    for (const [k, x] of Object.entries(v)) {
      if (k === '__proto__') throw new ConfigError(msg('keyNotAllowed', file, formatPath([...at, k])));
      rejectProtoKeys(x, file, [...at, k], within);
    }
  }
  within.delete(v);
}

// ---------------------------------------------------------------------------------------------
// Files and errors

/** Names a config file is discovered by, in each directory from the working directory up. */
export const DISCOVERED_CONFIG_FILES = [
  'kcarbon.config.json',
  'kcarbon.config.yaml',
  'kcarbon.config.yml',
  '.kcarbonrc',
  '.kcarbonrc.json',
  '.kcarbonrc.yaml',
  '.kcarbonrc.yml',
] as const;

/** The nearest discovered config file at or above `cwd` (lilconfig's upward search), or none. */
async function discoverConfig(cwd: string): Promise<string[]> {
  const { lilconfigSync } = await import('lilconfig');
  // Only the path is wanted here: the file is read and validated like any --config file. The synchronous
  // search: a few dozen existence checks that take 0.1 ms together, where the asynchronous one waited on the
  // thread pool for each in turn (5-10 ms of every CLI run).
  const found = () => ({ found: true });
  let result: { filepath?: string } | null;
  try {
    result = lilconfigSync('kcarbon', {
      searchPlaces: [...DISCOVERED_CONFIG_FILES],
      loaders: { '.json': found, '.yaml': found, '.yml': found, noExt: found },
      // An empty file is the nearest config (an empty one), not a reason to take a parent directory's instead.
      ignoreEmptySearchPlaces: false,
      stopDir: path.parse(path.resolve(cwd)).root,
    }).search(cwd);
  } catch (err) {
    // lilconfig reads each file it finds: one that cannot be read (a directory, no permission) is named. A failed
    // read of a directory does not say which path it was: the nearest search place that is not a readable file.
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    const file = (err as NodeJS.ErrnoException).path ?? unreadableSearchPlace(cwd);
    throw new ConfigError(msg('cannotRead', file ?? path.resolve(cwd), fsReason(err)));
  }
  return result?.filepath ? [result.filepath] : [];
}

/** The nearest discovered config file name, from `cwd` up, that exists but cannot be read as a file. */
function unreadableSearchPlace(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of DISCOVERED_CONFIG_FILES) {
      const file = path.join(dir, name);
      try {
        if (!statSync(file).isFile()) return file;
        accessSync(file, constants.R_OK);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return file;
      }
    }
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * One YAML document. A warning (an unresolved tag such as `!!js/function`) is refused as an error is: the yaml
 * package would print it as a Node process warning, several lines on stderr, and go on with the tag dropped.
 */
async function parseYaml(text: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw problem;
  return doc.toJS();
}

/** YAML for .yaml/.yml and extension-less rc files (YAML reads JSON too), JSON otherwise. */
const isYaml = (file: string) => /\.ya?ml$/i.test(file) || path.extname(file) === '';

function readText(file: string, label: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(msg('cannotRead', label, fsReason(err)));
  }
}

async function readJson(file: string, label: string): Promise<unknown> {
  return parseJsonText(readText(file, label), file, label);
}

async function parseJsonText(text: string, file: string, label: string): Promise<unknown> {
  // An empty file (or only blanks) sets nothing: an empty config, not a type error about null.
  if (text.replace(/^\uFEFF/, '').trim() === '') return {};
  if (isYaml(file)) {
    try {
      // Only comments (or `---`): no document, an empty config as an empty file is.
      return (await parseYaml(text.replace(/^\uFEFF/, ''))) ?? {};
    } catch (err) {
      // The yaml package's first line names the problem and where, then ':' and an excerpt on the next lines.
      const reason = (err as Error).message.split('\n')[0]!.replace(/:\s*$/, '');
      throw new ConfigError(msg('invalidYaml', label, reason), msg('configFormatHint'));
    }
  }
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body);
  } catch (err) {
    // V8 names a character offset ("at position 1"): the line and column are what an editor shows.
    const reason = (err as Error).message;
    const at = /position (\d+)/.exec(reason);
    if (at) {
      const before = body.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw new ConfigError(msg('invalidJsonAt', label, line, column, reason), msg('configFormatHint'));
    }
    throw new ConfigError(msg('invalidJson', label, reason), msg('configFormatHint'));
  }
}

async function userConfigFiles(given: string, fromEnv: boolean): Promise<string[]> {
  const abs = path.resolve(given);
  const via = fromEnv ? msg('fromEnv', CONFIG_ENV.configPath) : '';
  const info = statOrUndefined(abs);
  if (!info) {
    throw new ConfigError(
      msg('configNotFound', abs, via),
      msg('configNotFoundHint', CONFIG_ENV.configPath, USER_CONFIG_FILES.join(', ')),
    );
  }
  if (!info.isDirectory()) return [abs];
  const found: string[] = [];
  for (const name of USER_CONFIG_FILES) {
    const file = path.join(abs, name);
    if (statOrUndefined(file)?.isFile()) found.push(file);
  }
  if (found.length === 0) {
    throw new ConfigError(msg('configDirEmpty', abs, via, USER_CONFIG_FILES.join(', ')));
  }
  return found;
}

function builtinLabel(at: readonly PropertyKey[]): string {
  if (at[0] === 'profiles') return 'config/carbon-intensity.json';
  if (at[0] === 'standards' || at[0] === 'defaults') return 'config/regulations.json';
  if (at[0] === 'officialFactors') return 'config/emission-factors.json';
  if (at[0] === 'gridProviders') return 'config/grid-providers.json';
  return 'config/regions.json';
}

const MAX_REPORTED_ISSUES = 3;

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, label: Label): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const shown: Msg[] = issues.slice(0, MAX_REPORTED_ISSUES).map((outer) => {
    // A record key that fails its schema: zod says "Invalid key in record" and keeps why (the key schema's own
    // message, e.g. "expected <namespace>/<name>") inside; that is the one shown, at the key's path.
    const inner = outer.code === 'invalid_key' ? outer.issues[0] : undefined;
    const issue = inner ? { ...inner, path: outer.path } : outer;
    const file = typeof label === 'string' ? label : label(issue.path);
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
    const english = issue.message.replace(/^Invalid input: /, '');
    return msg('fileIssue', file, where, issueMsg(issue, valueAt(value, issue.path), english));
  });
  if (issues.length > MAX_REPORTED_ISSUES) shown.push(msg('moreIssues', issues.length - MAX_REPORTED_ISSUES));
  const joined = shown.reduceRight((rest, m) => msg('issuesJoined', m, rest));
  throw new ConfigError(joined, msg('configFormatHint'));
}

/** `regions.ap-northeast-2.pue.value`, `standards.X.checks[0].max`. */
function formatPath(at: readonly PropertyKey[]): string {
  return at
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Lookup helpers

function lookup<T>(table: Record<string, T>, code: string, what: 'region' | 'standard' | 'profile'): T {
  return table[lookupKey(table, code, what)]!;
}

/** The key `code` names in the table: exact, else the one key equal ignoring case; else a UsageError. */
function lookupKey(
  table: Record<string, unknown>,
  code: string,
  what: 'region' | 'standard' | 'profile',
): string {
  if (Object.hasOwn(table, code) && table[code] !== undefined) return code;
  const keys = Object.keys(table).sort();
  const folded = keys.filter((k) => k.toLowerCase() === code.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  const close = closeNames(code, keys);
  throw new UsageError(
    msg('unknownName', what, code),
    close.length
      ? msg('didYouMeanNames', close.map((k) => `'${k}'`).join(', '))
      : msg('knownNames', keys.length, what, keys.slice(0, 5).join(', ')),
  );
}

/** At most five names close to `code`: names it begins, else the nearest within an edit distance of a quarter of its length. */
export function closeNames(code: string, candidates: string[], max = 5): string[] {
  const c = code.toLowerCase();
  const prefixed = candidates.filter((k) => c.length >= 3 && k.toLowerCase().startsWith(c));
  if (prefixed.length) return prefixed.sort().slice(0, max);
  const limit = Math.max(1, Math.floor(c.length / 4));
  return candidates
    .map((k) => {
      const lower = k.toLowerCase();
      return { k, d: c.length >= 3 && c.startsWith(lower) ? 0 : editDistance(c, lower, limit + 1) };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || compareText(a.k, b.k))
    .filter((x, _, all) => x.d === all[0]!.d)
    .slice(0, max)
    .map((x) => x.k);
}

function sortedEntries<T>(table: Record<string, T>): Array<[string, T]> {
  return Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** A user config file's raw content (JSON or YAML), for showing where each setting came from. */
export async function readUserConfigFile(file: string): Promise<unknown> {
  return readJson(file, file);
}
