/**
 * The English text of every warning, by code, from language-neutral params: `warning(code, params)` builds
 * the Warning's `message` from it (so JSON carries English for every --lang) and keeps the params, from which
 * a renderer prints the same warning in the language of the run (catalogue section `warning`).
 * A param value is a name, a number or an identifier, never a sentence (except quoted outside text such
 * as a source's error).
 */

import type { TextParams } from '../util/params.js';

/** A param of a warning: names, numbers, identifiers (lists joined with ', '). */
export type WarningParams = TextParams;

/** What an exception covers (params of exception-expired/-unused). */
export type ExceptionParams = {
  workload?: string;
  namespace?: string;
  check?: string;
  expires?: string;
  file?: string;
};

/** One line naming an exception, in the words of a language (a catalogue builds its own from it). */
export const describeException =
  (w: {
    workload: string;
    namespace: string;
    check: string;
    expires: (date: string) => string;
    file: (file: string) => string;
  }) =>
  (p: ExceptionParams): string =>
    [
      [
        p.workload !== undefined && `${w.workload} ${p.workload}`,
        p.namespace !== undefined && `${w.namespace} ${p.namespace}`,
        p.check !== undefined && `${w.check} ${p.check}`,
      ]
        .filter(Boolean)
        .join(', '),
      p.expires !== undefined ? w.expires(p.expires) : '',
      p.file !== undefined ? w.file(p.file) : '',
    ].join('');

const exception = describeException({
  workload: 'workload',
  namespace: 'namespace',
  check: 'check',
  expires: (d) => ` (expires ${d})`,
  file: (f) => ` in ${f}`,
});

export const WARNINGS_EN = {
  'zone-missing': (p: { missing: string; summing: string } | { zone: string; nodes: string }) =>
    'zone' in p
      ? `zone '${p.zone}' is not reported on node(s) ${p.nodes}: their pods count 0 W in it`
      : `zone(s) ${p.missing} not reported by Kepler; summing ${p.summing}`,
  'zone-fallback': (p: { node: string; zones: string }) =>
    `node ${p.node} reports no package+dram RAPL zones; its CPU power is its top-level '${p.zones.split(', ').join("' + '")}' zone`,
  'sources-overlap': (p: { count: number; first: string; second: string }) =>
    `${p.count} pod(s) are reported by both ${p.first} and ${p.second} (the same node twice?); each is counted once`,
  'value-excluded': (
    p:
      | { origin: string; node: string; count: number; metric: string; kinds: string }
      | { origin: string; node: string; count: number; hours: number; metric: string; kinds: string }
      | { pod: string },
  ) =>
    'pod' in p
      ? `pod ${p.pod}: implausible energy counter change; left out`
      : 'hours' in p
        ? `${p.origin}: node ${p.node}: ${p.hours} hourly increase(s) of ${p.count} ${p.metric} series excluded (${p.kinds}); figures leave those hours out`
        : `${p.origin}: node ${p.node}: ${p.count} ${p.metric} value(s) excluded (${p.kinds}); figures leave those series out`,
  'counters-still': (p: { origin: string; seconds: string }) =>
    `${p.origin}: no pod energy counter moved in ${p.seconds} s, so every pod reads 0 W; is Kepler updating?`,
  /** --sample: a pod's GPU counter went down (an exited process's energy left it): the gauge stands in. */
  'gpu-counter-fell': (p: { origin: string; pod: string; watts: string }) =>
    `${p.origin}: pod ${p.pod}: its GPU energy counter went down between the two scrapes (Kepler sums the GPU energy of the pod's current processes: one exited, or Kepler restarted), so its GPU power is Kepler's kepler_pod_gpu_watts at the second scrape, ${p.watts} W, not an average over the interval`,
  /** --sample: the same without a gauge: the pod's GPU power is unknown, left out (the data are incomplete). */
  'gpu-energy-unknown': (p: { origin: string; pod: string }) =>
    `${p.origin}: pod ${p.pod}: its GPU energy counter went down between the two scrapes (Kepler sums the GPU energy of the pod's current processes: one exited, or Kepler restarted) and Kepler gives no kepler_pod_gpu_watts for it: its GPU power is unknown and left out`,
  /** --sample: a node's pods draw more GPU power than its GPUs: some pod's GPU figure is wrong. */
  'gpu-above-node': (p: { origin: string; node: string; pods: string; gpus: string }) =>
    `${p.origin}: node ${p.node}: its pods' GPU power (${p.pods} W) is more than its GPUs' (${p.gpus} W) over the same two scrapes, which Kepler's split of GPU power cannot give: some pod's GPU figure is wrong`,
  'source-failed': (p: { error: string }) => `${p.error} (node left out of this report)`,
  /** An exporter down through hours of a period: its node is in the report, without those hours. */
  'source-hours-missing': (p: { origin: string; job: string; spans: string; hours: number }) =>
    `Kepler exporter ${p.origin} (Prometheus job ${p.job}) not scraped in ${p.spans} (up == 0 throughout): its node's energy in ${p.hours === 1 ? 'that hour' : `those ${p.hours} hours`} is missing`,
  /** Hours of a period with no sample of any Kepler counter: the cluster's energy then is unknown. */
  'history-hours-empty': (p: { origin: string; spans: string; hours: number }) =>
    `${p.origin}: no sample of Kepler's energy counters in ${p.spans} (was Prometheus down, or not scraping Kepler?): the cluster's energy in ${p.hours === 1 ? 'that hour' : `those ${p.hours} hours`} is missing`,
  /** `lost: 1`: the question went unanswered this time (not refused): the data then count as incomplete. */
  'targets-unchecked': (p: { origin: string; reason: string; lost?: 1 }) =>
    `${p.origin}: could not ask which Kepler exporters Prometheus fails to scrape (${p.reason}); a node missing from its answer would not be noticed`,
  'watts-missing': (p: { origin: string; node: string; count: number }) =>
    `${p.origin}: node ${p.node}: ${p.count} pod series have an energy counter but no power gauge (kepler_pod_cpu_watts); figures leave their power out`,
  'lines-skipped': (p: { origin: string; count: number; series?: number; line?: number; reason?: string }) =>
    `${p.origin}: skipped ${p.count} malformed line(s)` +
    (p.line !== undefined ? ` (first at line ${p.line}: ${p.reason})` : '') +
    '; use --strict to stop on them',
  'node-name-empty': (p: { origin: string }) =>
    `${p.origin}: series have node_name="" (Kepler run without --kube.node-name); naming nodes by their scrape address`,
  'node-idle-unknown': (p: { nodes: string; count: number }) =>
    `${p.count} node(s) report power but no idle power, nor both a total and an active power to take it from (${p.nodes}): their idle figures are unknown, not 0`,
  'fake-meter': (p: { origin: string; node: string }) =>
    `${p.origin}: node ${p.node} uses Kepler's fake CPU meter; its figures are not measured`,
  'no-power-series': (p: { origin: string; version?: string }) =>
    `${p.origin}: Kepler ${p.version ? `${p.version} ` : ''}exposes no power series (first interval not done, or the dump cut short?): this node's power is unknown`,
  'pods-missing': (p: { origin: string; node: string; zones: number }) =>
    `${p.origin}: node ${p.node} reports active CPU power in ${p.zones} zone(s) but no pod series (a dump cut short, or Kepler without pod metrics?): its pods' power is unknown`,
  'exception-expired': (p: ExceptionParams) => `exception expired, its findings count again: ${exception(p)}`,
  'exception-unused': (p: ExceptionParams) => `exception excused no finding: ${exception(p)}`,
  'budget-unused': (p: { budget: string; suggestion?: string }) =>
    `config budgets.${p.budget} matches no workload or namespace read in this run, so nothing is judged against it${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}`,
  'history-skipped': (p: { entry: number }) =>
    `history entry ${p.entry} is not a kcarbon report line; skipped`,
  'grid-unused': (
    p:
      | { basis: string; provider: string }
      | { provider: string; region: string; stated: string; value: number },
  ) =>
    'stated' in p
      ? `${p.stated} states ${p.region}'s grid intensity for this run, ${p.value} g/kWh at every hour: the live ${p.provider} data is not used`
      : `--basis ${p.basis} uses the official factor, one annual figure: the live ${p.provider} data is not used`,
  'grid-fallback': (
    p: { provider: string; region: string; reason: string } | { provider: string; reason: string },
  ) =>
    'region' in p
      ? `grid provider ${p.provider} unavailable for ${p.region} (${p.reason}); using the offline profile and annual figure`
      : `grid provider ${p.provider}: bylocations/best unavailable (${p.reason}); regions compared on annual figures only`,
  'grid-window-basis': (p: { provider: string; basis: string; offline_basis: string }) =>
    `${p.provider}'s figures are ${p.basis}, the offline profile's ${p.offline_basis}: a run window is compared only with windows on the same figures as a run starting now (all ${p.provider}'s or all offline), never across the two`,
  'grid-partial': (p: { provider: string; region: string; missing: number; hours: number; spans: string }) =>
    `${p.provider} has no figure for ${p.missing} of the period's ${p.hours} hours in ${p.region} (${p.spans}): the offline profile and annual figure are used for them (data_used.grid.period_figures)`,
  'basis-switched': (p: {
    basis: string;
    run_basis: string;
    countries: string;
    region: string;
    value: number;
  }) =>
    `regional_migration compares regions on the ${p.basis} basis (${p.run_basis} factors exist only for ${p.countries}): current and optimized figures are both on it, ${p.region} at ${p.value} g/kWh`,
};

export type WarningCode = keyof typeof WARNINGS_EN;
/** The params a warning of this code takes. */
export type ParamsOf<C extends WarningCode> = Parameters<(typeof WARNINGS_EN)[C]>[0];
