/**
 * `kcarbon config show` / `kcarbon config schema`: the settings in force with where each came from,
 * and the JSON Schema of a user config file (for editors).
 */
import { z } from 'zod';
import { type KcarbonConfig, readUserConfigFile, regionCode } from '../config/index.js';
import {
  BudgetsSchema,
  DefaultsSchema,
  ExceptionSchema,
  FigureChangeSchema,
  SeveritySchema,
} from '../config/schema.js';
import { tr } from '../i18n/index.js';
import type { Style } from '../render/style.js';
import { listing, table } from '../render/table.js';
import { once } from '../util/once.js';
import { regionInput } from './common.js';
import { CONFIG_SCHEMA, CONFIG_SHOW } from './manifests.js';
import { defineCommand } from './types.js';

type Json = Record<string, unknown>;

const setting = z.object({
  key: z.string().describe('Dotted path in the config, e.g. defaults.region'),
  value: z
    .json()
    .describe(
      'The value in force: a string, number, list or object as the config holds it (a region figure: its value, unit, year and source as text)',
    ),
  unit: z.string().optional().describe("The value's unit, for a figure that has one (ratio, gCO2e/kWh)"),
  origin: z.string().describe('Where it came from: built-in file, user config file, env variable or flag'),
});

const showOutput = once(() =>
  z.object({
    files: z.array(z.string()).describe('Config files read, built-ins first, then the user config'),
    settings: z.array(setting),
  }),
);
export type ConfigShowResult = z.infer<ReturnType<typeof showOutput>>;

/** Dotted paths of every leaf of a raw user file. */
function leafPaths(v: unknown, at = ''): string[] {
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.entries(v as Json).flatMap(([k, x]) => leafPaths(x, at ? `${at}.${k}` : k));
  return [at];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** What a run was given besides the config: the --region input, --basis and the --grid choice. */
interface ShowFlags {
  region?: string;
  basis?: string;
  grid?: string;
}

async function settingsOf(
  config: KcarbonConfig,
  env: Record<string, string | undefined>,
  flags: ShowFlags,
): Promise<ConfigShowResult> {
  // The region in force (--region, KCARBON_REGION or defaults.region) as config spells it; an unknown one is
  // refused as every other command refuses it (exit 2, did you mean).
  const regionInForce = regionCode(config, config.defaults.region);
  const userFiles = config.files.filter((f) => !f.startsWith('config/'));
  const userPaths: [string, string[]][] = [];
  for (const f of userFiles) userPaths.push([f, leafPaths(await readUserConfigFile(f))]);
  const originOf = (key: string, builtin: string) => {
    for (const [file, paths] of [...userPaths].reverse())
      if (paths.some((p) => p === key || p.startsWith(`${key}.`) || key.startsWith(`${p}.`)))
        return `user config ${file}`;
    return builtin;
  };
  const out: z.infer<typeof setting>[] = [];
  const d = config.defaults as Json;
  for (const key of Object.keys(d).sort()) {
    const v = d[key];
    const figure = v && typeof v === 'object' && 'value' in (v as Json) ? (v as Json) : undefined;
    const value = figure ? figure.value : v;
    const unit = typeof figure?.unit === 'string' ? { unit: figure.unit } : {};
    let origin = originOf(`defaults.${key}`, 'built-in config/regulations.json');
    if (key === 'region' && flags.region !== undefined) origin = '--region';
    else if (key === 'region' && env.KCARBON_REGION?.trim()) origin = 'env KCARBON_REGION';
    if (key === 'basis' && flags.basis !== undefined) origin = '--basis';
    else if (key === 'basis' && env.KCARBON_BASIS?.trim()) origin = 'env KCARBON_BASIS';
    const shown = key === 'region' ? regionInForce : value;
    out.push({ key: `defaults.${key}`, value: shown as z.infer<typeof setting>['value'], ...unit, origin });
  }
  // What a run uses when config sets nothing: the basis and the grid provider are settings too.
  if (d.basis === undefined)
    out.push({
      key: 'defaults.basis',
      value: 'lifecycle',
      origin: 'built-in',
    });
  const grid = flags.grid ?? (env.KCARBON_GRID?.trim() || undefined);
  const gridSetting =
    grid !== undefined
      ? {
          key: 'defaults.grid',
          value: grid,
          origin: grid === (env.KCARBON_GRID?.trim() || undefined) ? 'env KCARBON_GRID' : '--grid',
        }
      : d.grid === undefined
        ? { key: 'defaults.grid', value: 'offline', origin: 'built-in' }
        : undefined;
  if (gridSetting) {
    const at = out.findIndex((s) => s.key === 'defaults.grid');
    if (at >= 0) out[at] = gridSetting;
    else out.push(gridSetting);
  }
  // Only defaults so far: in key order, as the loop above lists them.
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const region = config.regions[regionInForce];
  if (region) {
    for (const field of ['intensity', 'pue'] as const) {
      const f = region[field] as Json;
      out.push({
        key: `regions.${regionInForce}.${field}`,
        // A PUE is a bare ratio, named by what it is ('1.135 ratio' read as English in every language).
        value: `${field === 'pue' ? `PUE ${f.value}` : `${f.value} ${f.unit}`} (${f.year}; ${String(f.source).split(';')[0]})`,
        origin: String(f.origin ?? 'built-in config/regions.json'),
      });
    }
  }
  for (const [kind, budgets] of Object.entries(config.budgets))
    for (const [name, b] of Object.entries(budgets as Json))
      out.push({
        key: `budgets.${kind}.${name}`,
        value: b as z.infer<typeof setting>['value'],
        origin: originOf(`budgets.${kind}.${name}`, 'built-in'),
      });
  for (const [k, v] of Object.entries(config.severity))
    out.push({ key: `severity.${k}`, value: v, origin: originOf(`severity.${k}`, 'built-in') });
  config.exceptions.forEach((e, i) => {
    const { file, ...rest } = e;
    out.push({
      key: `exceptions[${i}]`,
      value: rest as z.infer<typeof setting>['value'],
      origin: file ?? 'user config',
    });
  });
  const ignoreFiles = [...new Set(config.exceptions.map((e) => e.file).filter((f): f is string => !!f))];
  return { files: [...config.files, ...ignoreFiles.filter((f) => !config.files.includes(f))], settings: out };
}

export const configShowCommand = defineCommand({
  ...CONFIG_SHOW,
  input: z.object({ region: regionInput }),
  output: showOutput,
  primaryList: 'settings',
  async run(args, ctx) {
    return settingsOf(await ctx.config(), ctx.env ?? {}, {
      region: args.region,
      basis: ctx.basisFlag,
      grid: ctx.grid?.choice,
    });
  },
  renderTable(r: ConfigShowResult, style: Style) {
    const t = table(
      style,
      ['Setting', 'Value', 'Origin'],
      // Where it came from in the run's language; the file, variable or flag named after it as it is.
      r.settings.map((s) => [
        s.key,
        show(s.value),
        s.origin
          .replace(/^built-in\b/, tr('built-in'))
          .replace(/^user config\b/, tr('user config'))
          .replace(/^env\b/, tr('env')),
      ]),
    );
    return listing(style, t, { below: `${tr('Files')}: ${r.files.join(', ')}` });
  },
});

/**
 * What a user config file may hold, for editors (sections merged over the built-ins): an unknown section is refused
 * as the loader refuses it; a figure in `defaults` may give only the fields it changes (merged over the built-in).
 */
export const UserConfigJsonSchema = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    defaults: DefaultsSchema.extend({
      // Merged over the built-in figure (electricityPrice has none: a whole figure, as DefaultsSchema says).
      targetUtilization: FigureChangeSchema.extend({ value: z.number().gt(0).max(1).optional() }),
    })
      .partial()
      .optional(),
    budgets: BudgetsSchema.partial().optional(),
    severity: z.record(z.string(), SeveritySchema).optional(),
    exceptions: z.array(ExceptionSchema).optional(),
    regions: z.record(z.string(), z.looseObject({})).optional(),
    profiles: z.record(z.string(), z.looseObject({})).optional(),
    standards: z.record(z.string(), z.looseObject({})).optional(),
    providers: z.record(z.string(), z.looseObject({})).optional(),
    officialFactors: z.record(z.string(), z.looseObject({})).optional(),
    gridProviders: z.record(z.string(), z.looseObject({})).optional(),
  })
  .describe('kcarbon user config (kcarbon.config.json/.yaml, .kcarbonrc or --config FILE)');

export const configSchemaCommand = defineCommand({
  ...CONFIG_SCHEMA,
  input: z.object({}),
  // Its output is a JSON Schema document for editors: no envelope (a timestamp would change it every run).
  envelope: false,
  output: () =>
    z.looseObject({
      type: z.string().describe('object'),
      properties: z.record(z.string(), z.looseObject({})).describe('The sections of a user config file'),
    }),
  async run() {
    return z.toJSONSchema(UserConfigJsonSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  },
  // A document, in markdown (and the html made from it) a fenced block that keeps its lines and indentation.
  renderTable: (r, style) => {
    const json = JSON.stringify(r, null, 2);
    return style.markdown ? `\`\`\`json\n${json}\n\`\`\`` : json;
  },
});
