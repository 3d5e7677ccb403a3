/**
 * JUnit XML for GitLab, Jenkins and Azure: one testcase per (resource, check), passing ones included.
 * NON_COMPLIANT -> <failure> with the explanation in the element text when it fails the gate under the recorded
 * fail_on, else <skipped> saying it does not; excused and NOT_APPLICABLE -> <skipped>.
 */
import type { FailOn } from '../carbon/gate.js';
import type { ResourceChecks } from '../commands/types.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';
import { manifestPath, seriesLeftOutNote } from './sarif.js';

/**
 * Characters XML 1.0 does not allow, even escaped (C0 controls but tab and newlines, U+FFFE, U+FFFF, lone
 * surrogates): a label value from an exporter holding one would make the whole report unreadable.
 */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export function toJunit(
  resources: ResourceChecks[],
  command: string,
  metrics?: MetricsInfo,
  manifestPattern?: string,
  failOn: FailOn = 'error',
  allowPartial = false,
): string {
  // A finding is a <failure> only when it fails the gate under the recorded policy; one that does not (a
  // warning under fail_on error, anything under never) is a <skipped> case saying so: GitLab and Jenkins
  // count it as skipped, not failed, so the test report is red exactly when the gate is.
  const fails = (severity: string) => (severity === 'warning' ? failOn === 'warning' : failOn !== 'never');
  const note = (severity: string) => {
    const word = severity === 'warning' ? 'Warning' : 'Error';
    if (!fails(severity)) return `${word} (does not fail the gate: fail_on ${failOn}): `;
    return severity === 'warning' ? 'Warning (fails the gate: fail_on warning): ' : '';
  };
  // One errored test case per failed source: a dashboard must not show green for nodes never read. With partial
  // data accepted (--allow-partial) the gate passes on it, so the case is <skipped> saying so: the report is red
  // exactly when the gate is.
  const sourceCase = (name: string, type: string, message: string, text: string) => ({
    failed: false,
    skipped: allowPartial,
    errored: !allowPartial,
    xml:
      `    <testcase classname="kcarbon/sources" name="${xmlEscape(name)}" time="0">\n` +
      (allowPartial
        ? `      <skipped message="${xmlEscape(`partial data accepted (allow_partial): ${message}`)}"/>\n`
        : `      <error type="${type}" message="${xmlEscape(message)}">${xmlEscape(text)}</error>\n`) +
      '    </testcase>',
  });
  const sourceCases = (metrics?.sources_failed ?? []).map((f) =>
    sourceCase(
      `read ${f.origin}`,
      'source-failed',
      f.error || f.origin,
      `${f.error || f.origin}. Node left out: ${metrics!.nodes_reporting.length} of ${metrics!.nodes_expected} nodes reporting.`,
    ),
  );
  // And one per source whose series were left out (excluded values, malformed energy lines).
  for (const l of metrics?.series_left_out ?? []) {
    const text = seriesLeftOutNote(l);
    sourceCases.push(sourceCase(`read all series of ${l.origin}`, 'series-left-out', text, text));
  }
  const checkCases = resources.flatMap((r) =>
    r.checks.map((c) => {
      const classname = `${r.namespace}/${r.kind}/${r.name}`;
      const name = `${c.standard} ${c.check}`;
      const file = manifestPattern ? ` file="${xmlEscape(manifestPath(manifestPattern, r))}"` : '';
      const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}"${file} time="0"`;
      if (c.status === 'NON_COMPLIANT' && c.excused) {
        const why = `excused: ${c.excused.reason}${c.excused.expires ? ` (until ${c.excused.expires})` : ''}`;
        return {
          failed: false,
          skipped: true,
          errored: false,
          xml: `${open}>\n      <skipped message="excused">${xmlEscape(why)}</skipped>\n    </testcase>`,
        };
      }
      if (c.status === 'NON_COMPLIANT') {
        const severity = c.severity ?? 'error';
        const body =
          `${note(severity)}${r.namespace}/${r.name}: ${c.metric} ${c.value} ${c.unit} is ${c.gap_percent} % over the limit ` +
          `${c.comparison} ${c.limit} (${c.legal_status}; limit source: ${c.limit_source ?? 'config'}). ` +
          (r.kind === 'Namespace'
            ? `Remediation: kcarbon list -n ${r.namespace} lists its workloads and their emissions.`
            : `Remediation: kcarbon assess ${r.name} -n ${r.namespace} lists computed optimizations.`);
        if (!fails(severity)) {
          const why = `${severity}: ${c.value} > ${c.limit}, does not fail the gate (fail_on ${failOn})`;
          return {
            failed: false,
            skipped: true,
            errored: false,
            xml: `${open}>\n      <skipped message="${xmlEscape(why)}">${xmlEscape(body)}</skipped>\n    </testcase>`,
          };
        }
        return {
          failed: true,
          skipped: false,
          errored: false,
          xml: `${open}>\n      <failure type="${severity}" message="${xmlEscape(`${c.value} > ${c.limit}`)}">${xmlEscape(body)}</failure>\n    </testcase>`,
        };
      }
      if (c.status === 'NOT_APPLICABLE') {
        return {
          failed: false,
          skipped: true,
          errored: false,
          xml: `${open}>\n      <skipped>${xmlEscape(c.note ?? 'not applicable')}</skipped>\n    </testcase>`,
        };
      }
      const out =
        c.status === 'REPORT'
          ? `\n      <system-out>${xmlEscape(JSON.stringify(c.kpis ?? {}))}</system-out>\n    `
          : '';
      return {
        failed: false,
        skipped: false,
        errored: false,
        xml: out ? `${open}>${out}</testcase>` : `${open}/>`,
      };
    }),
  );
  const cases = [...sourceCases, ...checkCases];
  const tests = cases.length;
  const errors = cases.filter((c) => c.errored).length;
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kcarbon" ${counts}>`,
    `  <testsuite name="kcarbon ${xmlEscape(command)}" ${counts}>`,
    ...cases.map((c) => c.xml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
