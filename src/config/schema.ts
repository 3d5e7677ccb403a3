/**
 * Zod schemas for kcarbon's config data (config/*.json and user config files) and the
 * types inferred from them. Every number kcarbon judges with is a *figure*: a value
 * carrying its unit, year and source (and basis, for carbon intensities).
 */
import { z } from 'zod';
import {
  BUDGET_CHECK_IDS,
  BUDGET_STANDARD,
  GridChoiceSchema,
  INTENSITY_MAX,
  INTENSITY_UNIT,
  limitInRange,
  type PROVENANCE_KEYS,
  PUE_MAX,
  PUE_MIN,
  PUE_UNIT,
  SeveritySchema,
  STATED_FIGURE_MAX,
  STATED_FIGURE_MIN,
} from './basics.js';
import { ExceptionSchema } from './exception.js';

export * from './basics.js';
export * from './exception.js';

const text = z.string().trim().min(1);

/** direct = combustion only; lifecycle = incl. upstream; marginal = the next unit of demand. Never mix silently. */
export const BasisSchema = z.enum(['lifecycle', 'direct', 'marginal']);
export type Basis = z.infer<typeof BasisSchema>;

/** Provenance shared by figures and profiles. `origin` is filled in by the loader. */
const provenanceShape = {
  /** Year the figure refers to (data year, or the year the rule or value was set). */
  year: z.number().int().min(1900).max(2100),
  /** Publisher, dataset and URL, or where an override came from. */
  source: text,
  licence: text.optional(),
  /** Attribution text that must be shown wherever the figure is used (required for ODbL data). */
  attribution: text.optional(),
  note: text.optional(),
  /** Where the figure entered kcarbon: `built-in config/x.json`, `user config <path>`, `env NAME`, `flag --x`. */
  origin: text.optional(),
} satisfies Record<(typeof PROVENANCE_KEYS)[number], z.ZodType>;

function requireOdblAttribution(v: { licence?: string; attribution?: string }, ctx: z.RefinementCtx): void {
  if (v.licence?.startsWith('ODbL') && !v.attribution) {
    ctx.addIssue({ code: 'custom', path: ['attribution'], message: 'ODbL data needs an attribution text' });
  }
}

const figureShape = {
  value: z.number(),
  unit: text,
  basis: BasisSchema.optional(),
  ...provenanceShape,
};

/** Any sourced number. */
export const FigureSchema = z.strictObject(figureShape).superRefine(requireOdblAttribution);
/** A figure a user config changes: only the fields it gives, merged over the built-in one. */
export const FigureChangeSchema = z.strictObject(figureShape).partial();
export type Figure = z.infer<typeof FigureSchema>;

/** A grid carbon intensity: unit gCO2e/kWh, basis required. */
export const IntensityFigureSchema = z
  .strictObject({
    ...figureShape,
    value: z.number().min(0).max(INTENSITY_MAX),
    unit: z.literal(INTENSITY_UNIT),
    basis: BasisSchema,
  })
  .superRefine(requireOdblAttribution);
export type IntensityFigure = z.infer<typeof IntensityFigureSchema>;

/** A power usage effectiveness (facility energy / IT energy). */
export const PueFigureSchema = z
  .strictObject({ ...figureShape, value: z.number().min(PUE_MIN).max(PUE_MAX), unit: z.literal(PUE_UNIT) })
  .superRefine(requireOdblAttribution);
export type PueFigure = z.infer<typeof PueFigureSchema>;

/** A publication date: YYYY-MM-DD, or YYYY-MM when the day is not known. */
const publishedDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}(-\d{2})?$/,
    'expected YYYY-MM-DD, or YYYY-MM when the day of publication is not known',
  );

/** An official national electricity emission factor: an intensity figure with its publication date and use. */
export const OfficialFactorSchema = z
  .strictObject({
    ...figureShape,
    value: z.number().min(0).max(INTENSITY_MAX),
    unit: z.literal(INTENSITY_UNIT),
    basis: BasisSchema,
    published: publishedDate,
    /** What the factor is for (current reporting factor, reference value, ETS allocation...). */
    use: text,
  })
  .superRefine(requireOdblAttribution);
export type OfficialFactor = z.infer<typeof OfficialFactorSchema>;

const factorId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'expected a factor id, e.g. 2023 or 2020-2022');

/** A country's official factors: `current` is the one `--basis official` uses. */
export const OfficialFactorSetSchema = z
  .strictObject({
    name: text,
    localName: text.optional(),
    legalBasis: text.optional(),
    current: factorId,
    factors: z.record(factorId, OfficialFactorSchema),
  })
  .superRefine((s, ctx) => {
    if (!(s.current in s.factors)) {
      ctx.addIssue({
        code: 'custom',
        path: ['current'],
        message: `unknown factor '${s.current}'; known factors: ${Object.keys(s.factors).sort().join(', ')}`,
      });
    }
  });
export type OfficialFactorSet = z.infer<typeof OfficialFactorSetSchema>;

/**
 * Which annual intensity a run (or a standard) uses: `lifecycle` = the region's configured figure
 * (Electricity Maps life-cycle), `official` = the country's current official factor, `official:<id>`
 * = one named official factor (e.g. official:2020-2022).
 */
export const IntensityChoiceSchema = z
  .string()
  .regex(
    /^(lifecycle|official(:[A-Za-z0-9][A-Za-z0-9-]*)?)$/,
    'expected lifecycle, official or official:<factor id>',
  );

export const TimeZoneSchema = text.refine(isTimeZone, {
  message: 'expected an IANA time zone, e.g. Asia/Seoul',
});

/** Canonical IANA zones, listed once per process; an alias (Asia/Calcutta) is checked the slow way, once. */
let timeZones: Map<string, boolean> | undefined;

function isTimeZone(tz: string): boolean {
  timeZones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z, true]));
  let ok = timeZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (timeZones.size < 10_000) timeZones.set(tz, ok);
  }
  return ok;
}

/** Typical-day hour-of-day intensity profile of one grid zone. */
export const ProfileSchema = z
  .strictObject({
    zone: text,
    /** The fixed offset the hours are counted in (no DST). Index `hourly` with this, not with `timeZone`. */
    utcOffsetHours: z
      .number()
      .int({
        error:
          'must be a whole number of hours (each hourly[h] is one UTC hour): round a half-hour zone and say so in a note',
      })
      .min(-12)
      .max(14),
    timeZone: TimeZoneSchema,
    /** hourly[h] = mean intensity for local standard hour h (h = 0..23). */
    hourly: z.array(z.number().min(0)).length(24),
    /** Published mean of the profile, kept to check the table was copied intact. */
    mean: z.number().min(0).optional(),
    unit: z.literal(INTENSITY_UNIT),
    basis: BasisSchema,
    ...provenanceShape,
  })
  .superRefine(requireOdblAttribution);
export type Profile = z.infer<typeof ProfileSchema>;

export const ProviderSchema = z.strictObject({
  name: text,
  /** PUE used for the provider's regions when no region-specific figure exists. */
  defaultPue: PueFigureSchema.optional(),
});
export type Provider = z.infer<typeof ProviderSchema>;

const regionCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case region code, e.g. ap-northeast-2');

export const RegionSchema = z.strictObject({
  provider: text,
  /** Display name, e.g. "Asia Pacific (Seoul)". */
  name: text,
  location: text,
  /** ISO 3166-1 alpha-2 country code. */
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code, e.g. KR'),
  timeZone: TimeZoneSchema,
  /** Electricity Maps zone key, e.g. KR, US-MIDA-PJM. */
  gridZone: text,
  intensity: IntensityFigureSchema,
  pue: PueFigureSchema,
  /** Id of the hour-of-day profile in carbon-intensity.json, when one exists for the zone. */
  profile: text.optional(),
  /** Other published intensities for the same grid (other bases or publishers), for reference only. */
  alternatives: z.array(IntensityFigureSchema).optional(),
  note: text.optional(),
});
export type Region = z.infer<typeof RegionSchema>;

export const LegalStatusSchema = z.enum([
  'law',
  'regulation',
  'voluntary-certification',
  'roadmap',
  'reference',
]);
export type LegalStatus = z.infer<typeof LegalStatusSchema>;

const isoDate = z.iso.date();

/** A limit that takes effect on a date; the latest one whose `from` has passed is in force. */
export const ThresholdSchema = z.strictObject({ from: isoDate, max: z.number().min(0) });
export type Threshold = z.infer<typeof ThresholdSchema>;

const thresholds = z
  .array(ThresholdSchema)
  .min(1)
  .refine((list) => list.every((t, i) => i === 0 || list[i - 1]!.from < t.from), {
    message: 'thresholds must be in strictly increasing date order',
  });

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name, e.g. KOREA_PUE_TARGET');

const checkBase = {
  /** Unique within its standard, e.g. "pue-existing". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case check id, e.g. pue-top-band'),
  description: text.optional(),
  /** Which facilities or workloads the check is meant for, in words. */
  appliesTo: text.optional(),
  /** Checks of one metric with different variants are alternatives (e.g. DE existing vs new data centres). */
  variant: text.optional(),
  note: text.optional(),
};

const limitShape = {
  /** `<=` (default) passes at the limit; `<` needs a value strictly below it. */
  comparison: z.enum(['<=', '<']).optional(),
  /** Environment variable that replaces `max` (and drops `thresholds`) when set. */
  env: envName.optional(),
  /** Date schedule of the limit; without it `max` always applies. */
  thresholds: thresholds.optional(),
};

export const CarbonIntensityCheckSchema = z.strictObject({
  ...checkBase,
  metric: z.literal('carbon_intensity'),
  max: IntensityFigureSchema,
  ...limitShape,
});
export type CarbonIntensityCheck = z.infer<typeof CarbonIntensityCheckSchema>;

export const PueCheckSchema = z.strictObject({
  ...checkBase,
  metric: z.literal('pue'),
  max: PueFigureSchema,
  ...limitShape,
});
export type PueCheck = z.infer<typeof PueCheckSchema>;

export const KpiSchema = z.enum([
  'energy_kwh',
  'carbon_kg',
  'pue',
  'wue',
  'energy_reuse_factor',
  'renewable_energy_factor',
]);
export type Kpi = z.infer<typeof KpiSchema>;

/** A reporting duty: indicators to report, nothing judged against a limit. */
export const ReportCheckSchema = z.strictObject({
  ...checkBase,
  metric: z.literal('report'),
  kpis: z.array(KpiSchema).min(1),
  due: text.optional(),
});
export type ReportCheck = z.infer<typeof ReportCheckSchema>;

export const CheckSchema = z.discriminatedUnion('metric', [
  CarbonIntensityCheckSchema,
  PueCheckSchema,
  ReportCheckSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
/** A check with a numeric limit. */
export type LimitCheck = CarbonIntensityCheck | PueCheck;

export const StandardSchema = z
  .strictObject({
    name: text,
    localName: text.optional(),
    /** ISO 3166-1 alpha-2 country code, or EU. */
    jurisdiction: text,
    instrument: text,
    /** What the checks stand for: a law, a regulation, a voluntary label, a policy roadmap or a kcarbon reference value. */
    legalStatus: LegalStatusSchema,
    description: text,
    scope: text.optional(),
    sources: z.array(z.url({ protocol: /^https?$/ })).min(1),
    /** The intensity its carbon checks judge (lifecycle, official or official:<id>); absent = the run's --basis. */
    basis: IntensityChoiceSchema.optional(),
    /** Why the standard uses that basis. */
    basisNote: text.optional(),
    checks: z.array(CheckSchema).min(1),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.checks.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id '${c.id}'` });
      seen.add(c.id);
      // A limit is something a value can meet and a gap can be measured against (basics.ts limitInRange).
      if (c.metric === 'report') return;
      const what =
        c.metric === 'pue'
          ? `a PUE from ${PUE_MIN} to ${PUE_MAX}`
          : `an intensity above 0, up to ${INTENSITY_MAX} ${INTENSITY_UNIT}`;
      const limits: [number, PropertyKey[]][] = [
        [c.max.value, ['checks', i, 'max', 'value']],
        ...(c.thresholds ?? []).map((t, j): [number, PropertyKey[]] => [
          t.max,
          ['checks', i, 'thresholds', j, 'max'],
        ]),
      ];
      for (const [value, path] of limits) {
        if (!limitInRange(c.metric, value))
          ctx.addIssue({ code: 'custom', path, message: `a limit must be ${what}; got ${value}` });
      }
    });
  });
export type Standard = z.infer<typeof StandardSchema>;

const standardCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case standard code, e.g. KR_CARBON_2050');
const profileId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'expected a profile id, e.g. KR');

/** How cloud regions map to one provider's zones and what signal it gives. */
export const GridProviderConfigSchema = z.strictObject({
  signal: z.enum(['average', 'marginal']),
  basis: BasisSchema,
  /** Cloud region -> the provider's zone, location or region name. */
  zones: z.record(z.string(), text).default({}),
  note: text.optional(),
});
export type GridProviderConfig = z.infer<typeof GridProviderConfigSchema>;

export const DefaultsSchema = z.strictObject({
  region: text,
  standards: z.array(text).min(1),
  /** CPU utilisation that resource_rightsizing sizes towards (ratio 0..1). */
  targetUtilization: FigureSchema.refine((f) => f.value > 0 && f.value <= 1, {
    message: 'targetUtilization must be a ratio in (0, 1]',
  }),
  /** Live grid provider (`--grid`, env KCARBON_GRID); default offline. */
  grid: GridChoiceSchema.optional(),
  /** Annual intensity of a run: lifecycle (default), official or official:<id> (`--basis`, env KCARBON_BASIS). */
  basis: IntensityChoiceSchema.optional(),
  /** Electricity price for cost estimates (USD/kWh); none built in, a user config may set it. */
  electricityPrice: FigureSchema.optional(),
});
export type Defaults = z.infer<typeof DefaultsSchema>;

export const BudgetSchema = z
  .strictObject({
    maxWatts: z.number().min(STATED_FIGURE_MIN).max(STATED_FIGURE_MAX).optional(),
    maxKgMonth: z.number().min(STATED_FIGURE_MIN).max(STATED_FIGURE_MAX).optional(),
  })
  .refine((b) => b.maxWatts !== undefined || b.maxKgMonth !== undefined, {
    message: 'a budget needs maxWatts or maxKgMonth',
  });
export type Budget = z.infer<typeof BudgetSchema>;

const dnsLabel = /[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/;
const namespaceKey = z
  .string()
  .regex(new RegExp(`^${dnsLabel.source}$`), 'expected a Kubernetes namespace name');
const workloadKey = z
  .string()
  .regex(new RegExp(`^${dnsLabel.source}/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`), 'expected <namespace>/<name>');

export const BudgetsSchema = z.strictObject({
  namespaces: z.record(namespaceKey, BudgetSchema).default({}),
  /** Keyed by `<namespace>/<workload name>`. */
  workloads: z.record(workloadKey, BudgetSchema).default({}),
});
export type Budgets = z.infer<typeof BudgetsSchema>;

/**
 * `.kcarbonignore.yaml`: a list of exceptions, or `{ exceptions: [...] }`. A bare list is read as the
 * second form (not a union, which would hide where an entry is wrong), so findings read `exceptions[N].x`.
 */
export const IgnoreFileSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { exceptions: v } : v),
  z.strictObject({ $comment: z.string().optional(), exceptions: z.array(ExceptionSchema) }),
);

/** Severity per `<STANDARD>/<check>`, `<STANDARD>` or legal status (law, voluntary-certification, budget...). */
export const SeverityMapSchema = z.record(z.string().min(1), SeveritySchema);

const comment = { $comment: z.string().optional() };
const providers = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), ProviderSchema);
const regions = z.record(regionCode, RegionSchema);
const profiles = z.record(profileId, ProfileSchema);
const standards = z.record(standardCode, StandardSchema);
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code, e.g. KR');
const officialFactors = z.record(countryCode, OfficialFactorSetSchema);
const gridProviders = z.partialRecord(GridChoiceSchema.exclude(['offline']), GridProviderConfigSchema);

/** config/regions.json */
export const RegionsFileSchema = z.strictObject({ ...comment, providers, regions });
/** config/carbon-intensity.json */
export const CarbonIntensityFileSchema = z.strictObject({ ...comment, profiles });
/** config/regulations.json */
export const RegulationsFileSchema = z.strictObject({ ...comment, defaults: DefaultsSchema, standards });
/** config/emission-factors.json */
export const EmissionFactorsFileSchema = z.strictObject({ ...comment, officialFactors });
/** config/grid-providers.json */
export const GridProvidersFileSchema = z.strictObject({ ...comment, gridProviders });

/**
 * Top level of a user config file. Sections are checked loosely here and fully after
 * being merged over the built-ins, so a user may override a single number.
 */
const section = z.record(z.string(), z.unknown());
export const UserConfigFileSchema = z.strictObject({
  ...comment,
  $schema: z.string().optional(),
  providers: section.optional(),
  regions: section.optional(),
  profiles: section.optional(),
  standards: section.optional(),
  defaults: section.optional(),
  budgets: section.optional(),
  officialFactors: section.optional(),
  severity: section.optional(),
  exceptions: z.array(z.unknown()).optional(),
  gridProviders: section.optional(),
});
export type UserConfigFile = z.infer<typeof UserConfigFileSchema>;

/** The merged, validated configuration. */
export const KcarbonConfigSchema = z
  .strictObject({
    providers,
    regions,
    profiles,
    standards,
    officialFactors: officialFactors.default({}),
    gridProviders: gridProviders.default({}),
    defaults: DefaultsSchema,
    budgets: BudgetsSchema.default({ namespaces: {}, workloads: {} }),
    /** Gate severity overrides (defaults: voluntary certification and roadmaps warn, the rest fail). */
    severity: SeverityMapSchema.default({}),
    /** Excused findings from the config and `.kcarbonignore.yaml`. */
    exceptions: z.array(ExceptionSchema).default([]),
    /** Files the config was read from, built-ins first. */
    files: z.array(z.string()),
  })
  .superRefine((c, ctx) => {
    const known = (what: string, keys: string[]) => `known ${what}: ${keys.sort().join(', ')}`;
    for (const [code, r] of Object.entries(c.regions)) {
      if (!(r.provider in c.providers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', code, 'provider'],
          message: `unknown provider '${r.provider}'; ${known('providers', Object.keys(c.providers))}`,
        });
      }
      if (r.profile !== undefined && !(r.profile in c.profiles)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', code, 'profile'],
          message: `unknown profile '${r.profile}'; ${known('profiles', Object.keys(c.profiles))}`,
        });
      }
    }
    if (!(c.defaults.region in c.regions)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaults', 'region'],
        message: `unknown region '${c.defaults.region}'`,
      });
    }
    const factorIds = new Set(Object.values(c.officialFactors).flatMap((set) => Object.keys(set.factors)));
    const checkChoice = (choice: string | undefined, path: PropertyKey[]) => {
      const id = choice?.startsWith('official:') ? choice.slice('official:'.length) : undefined;
      if (id !== undefined && !factorIds.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `unknown official factor '${id}'; ${known('factors', [...factorIds])}`,
        });
      }
    };
    checkChoice(c.defaults.basis, ['defaults', 'basis']);
    for (const [code, s] of Object.entries(c.standards)) checkChoice(s.basis, ['standards', code, 'basis']);
    // A severity key names a standard, one of its checks or a legal status: a misspelt one would change nothing
    // and let the gate judge by the default it was meant to override.
    // Budgets judge like a standard named BUDGET (checks max-watts, max-kg-month) of legal status `budget`.
    const statuses = [...LegalStatusSchema.options, 'budget'] as readonly string[];
    const checksOf = (code: string) =>
      code === BUDGET_STANDARD ? [...BUDGET_CHECK_IDS] : c.standards[code]?.checks.map((x) => x.id);
    for (const key of Object.keys(c.severity)) {
      const [code, check, ...rest] = key.split('/');
      const checks = checksOf(code!);
      const ok =
        rest.length === 0 &&
        (check === undefined
          ? checks !== undefined || statuses.includes(key)
          : (checks?.includes(check) ?? false));
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['severity', key],
          message:
            checks !== undefined && check !== undefined
              ? `unknown check '${check}' of ${code}; ${known('checks', checks)}`
              : `unknown severity key '${key}': expected a standard (${[...Object.keys(c.standards), BUDGET_STANDARD].sort().join(', ')}), STANDARD/check-id, or a legal status (${statuses.join(', ')})`,
        });
      }
    }
    c.defaults.standards.forEach((s, i) => {
      if (!(s in c.standards)) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', 'standards', i],
          message: `unknown standard '${s}'; ${known('standards', Object.keys(c.standards))}`,
        });
      }
    });
  });
export type KcarbonConfig = z.infer<typeof KcarbonConfigSchema>;
