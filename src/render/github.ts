/**
 * GitHub Actions workflow commands: one `::error` or `::warning` line per finding (by severity),
 * pointing at the workload's manifest path, and one `::error` per failed source. Excused findings
 * are `::notice` lines with the reason. GitHub shows about ten of each level per step. A command with a
 * gate ends with one `::notice` of its verdict (pass or fail, the counts, the policy), so a run with nothing
 * to point at still says what it found.
 */
import type { CheckResult } from '../carbon/checks.js';
import type { ResourceChecks } from '../commands/types.js';
import { reasonText, tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';
import { manifestPath } from './sarif.js';

/** Message data: %, CR and LF are encoded (GitHub's workflow-command escaping). */
export function ghData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values additionally encode ':' and ','. */
export function ghProperty(s: string): string {
  return ghData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function line(level: string, props: Record<string, string | number>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${ghProperty(String(v))}`)
    .join(',');
  return `::${level} ${p}::${ghData(message)}`;
}

function text(r: ResourceChecks, c: CheckResult): string {
  return TEXT.finding(
    `${r.namespace}/${r.name} (${r.kind})`,
    `${c.value} ${c.unit}`,
    String(c.gap_percent),
    `${c.comparison ?? '<='} ${c.limit}`,
    `${c.standard}/${c.check}`,
    tr(c.legal_status),
  );
}

export function toGithub(
  resources: ResourceChecks[],
  opts: {
    manifestPattern: string;
    metrics?: MetricsInfo;
    /** The gate's verdict: its command, pass or fail, and the counts with the policy. */
    verdict?: { command: string; word: string; text: string };
  },
): string {
  const out: string[] = [];
  for (const f of opts.metrics?.sources_failed ?? []) {
    // A file's error names it already ("<file>: stream ends..."): the origin is not said twice.
    // The reason in the run's language, as markdown gives it (the title is in that language too).
    const reason = f.error ? reasonText(f.error) : '';
    const text = reason.startsWith(`${f.origin}: `) ? reason : `${f.origin}: ${reason || TEXT.failed}`;
    out.push(line('error', { title: TEXT.sourceFailedTitle }, text));
  }
  for (const r of resources) {
    for (const c of r.checks) {
      if (c.status !== 'NON_COMPLIANT') continue;
      const props = {
        file: manifestPath(opts.manifestPattern, r),
        line: 1,
        title: `kcarbon ${c.standard}/${c.check}`,
      };
      if (c.excused) out.push(line('notice', props, TEXT.excused(text(r, c), c.excused.reason)));
      else out.push(line(c.severity ?? 'error', props, text(r, c)));
    }
  }
  const v = opts.verdict;
  if (v) out.push(line('notice', { title: `kcarbon ${v.command}` }, `${v.word}: ${v.text}`));
  return out.length ? `${out.join('\n')}\n` : '';
}
