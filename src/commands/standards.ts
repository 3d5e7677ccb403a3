/** `kcarbon standards` / list_compliance_standards: the standards registry with each check's limit and source. */
import { z } from 'zod';
import { checkLimitAt, listStandards } from '../config/index.js';
import { lang, tr } from '../i18n/index.js';
import { STANDARD_NAMES, TEXT } from '../i18n/text.js';
import { table } from '../render/table.js';
import { STANDARDS } from './manifests.js';
import { defineCommand } from './types.js';

const input = z.object({});

const checkRow = z.object({
  id: z.string(),
  metric: z.string(),
  limit_in_force: z.number().nullable().describe('Limit in force at the assessment time; null = none yet'),
  comparison: z.string().optional(),
  unit: z.string().optional(),
  thresholds: z.array(z.object({ from: z.string(), max: z.number() })).optional(),
  env: z.string().optional(),
  limit_source: z.string().optional(),
  limit_year: z.number().optional(),
  kpis: z.array(z.string()).optional(),
  applies_to: z.string().optional(),
});

const output = () =>
  z.object({
    standards: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        local_name: z.string().optional(),
        jurisdiction: z.string(),
        instrument: z.string(),
        legal_status: z.string(),
        description: z.string(),
        intensity_basis: z
          .string()
          .optional()
          .describe(
            "The intensity its carbon checks judge (lifecycle, official, official:<id>); absent = the run's",
          ),
        basis_note: z.string().optional(),
        default: z.boolean().describe('Checked when no standard is given'),
        sources: z.array(z.string()),
        checks: z.array(checkRow),
      }),
    ),
  });
export type StandardsResult = z.infer<ReturnType<typeof output>>;

export const standardsCommand = defineCommand({
  ...STANDARDS,
  input,
  output,
  primaryList: 'standards',
  async run(_args, ctx) {
    const config = await ctx.config();
    return {
      standards: listStandards(config).map((s) => ({
        code: s.code,
        name: s.name,
        ...(s.localName ? { local_name: s.localName } : {}),
        jurisdiction: s.jurisdiction,
        instrument: s.instrument,
        legal_status: s.legalStatus,
        description: s.description,
        ...(s.basis ? { intensity_basis: s.basis } : {}),
        ...(s.basisNote ? { basis_note: s.basisNote } : {}),
        default: config.defaults.standards.includes(s.code),
        sources: s.sources,
        checks: s.checks.map((c) =>
          c.metric === 'report'
            ? { id: c.id, metric: c.metric, limit_in_force: null, kpis: c.kpis }
            : {
                id: c.id,
                metric: c.metric,
                limit_in_force: checkLimitAt(c, ctx.now) ?? null,
                comparison: c.comparison ?? '<=',
                unit: c.max.unit,
                ...(c.thresholds ? { thresholds: c.thresholds } : {}),
                ...(c.env ? { env: c.env } : {}),
                limit_source: c.max.origin?.startsWith('env') ? c.max.origin : c.max.source,
                limit_year: c.max.year,
                ...(c.appliesTo ? { applies_to: c.appliesTo } : {}),
              },
        ),
      })),
    };
  },
  renderTable(r, style) {
    return table(
      style,
      ['Code', 'Name', 'Jurisdiction', 'Status', 'Checks (limit in force)', 'Basis', 'Default'],
      r.standards.map((s) => [
        s.code,
        standardName(s),
        s.jurisdiction,
        tr(s.legal_status),
        s.checks
          .map((c) =>
            c.metric === 'report'
              ? TEXT.standardReport(c.kpis?.join(', ') ?? '')
              : `${c.metric} ${c.limit_in_force === null ? TEXT.noLimitYet : `${c.comparison} ${c.limit_in_force}`}`,
          )
          .join('; '),
        s.intensity_basis ?? '',
        s.default ? tr('yes') : '',
      ]),
      undefined,
      // The code reads whole; the name and the checks wrap at words; on a narrow terminal basis, then
      // jurisdiction move to -o wide.
      { prose: [1, 4], secondary: [5, 2], whole: [0] },
    );
  },
});

/**
 * A standard's name as people read it: the catalogue's name in the run's language where it has one (the Korean
 * laws' Korean names), else config's English name with the law's own name beside it.
 */
function standardName(s: { code: string; name: string; local_name?: string }): string {
  const translated = (STANDARD_NAMES as Record<string, string | undefined>)[s.code];
  if (lang() !== 'en' && translated) return translated;
  return s.local_name ? `${s.name} (${s.local_name})` : s.name;
}
