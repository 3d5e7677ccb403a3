/**
 * Sentences a result carries for display, built from its figures by the catalogue: in English for the
 * JSON (`'en'`, the same for every --lang) and in the run's language on screen (`'run'`).
 */
import { optimizationText, tr } from '../i18n/index.js';
import { TEXT_EN } from '../i18n/messages.js';
import { TEXT } from '../i18n/text.js';
import { fmt } from './table.js';

export type In = 'en' | 'run';
const texts = (lang: In) => (lang === 'en' ? TEXT_EN : TEXT);

/** An action of hotspots (and of the report): an optimization for one pod. */
interface ActionLike {
  action_type: string;
  resource: string;
  reason: string;
  params: Record<string, string | number>;
  estimated_co2_reduction_kg_month: number;
}

/** What to do first about the hotspots: the top action, or why there is none. */
export function hotspotsAdvice(
  lang: In,
  hotspots: number,
  thresholdWatts: number,
  hotWatts: number,
  top: ActionLike | undefined,
): string {
  return texts(lang).hotspotsAdvice(
    hotspots,
    String(thresholdWatts),
    fmt(hotWatts),
    top && {
      action: top.action_type,
      resource: top.resource,
      reason:
        lang === 'en'
          ? top.reason
          : optimizationText({ type: top.action_type, description: top.reason, params: top.params }),
      kg: fmt(top.estimated_co2_reduction_kg_month, 3),
    },
  );
}

/** The report's title: its scope (all namespaces or one) and region. */
export function reportTitle(lang: In, namespace: string | undefined, region: string): string {
  const t = texts(lang);
  const scope =
    namespace === undefined
      ? lang === 'en'
        ? 'all namespaces'
        : tr('all namespaces')
      : t.namespaceScope(namespace);
  return t.reportTitle(scope, region);
}
