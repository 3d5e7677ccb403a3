/**
 * The English catalogue, gathered: the texts kcarbon is written in (report renderers keep theirs in
 * TEXT_EN beside the code; the rest is in messages.ts). Other languages translate every key of it.
 */

import { OPTIMIZATIONS_EN } from '../carbon/optimization-text.js';
import { WARNINGS_EN } from '../kepler/warnings.js';
import { TEXT_EN as HTML_EN } from '../render/report-html.js';
import { TEXT_EN as MD_EN } from '../render/report-markdown.js';
import { TEXT_EN as TABLE_EN } from '../render/report-table.js';
import { ERRORS_EN } from './errors.js';
import { HELP_EN } from './help.js';
import { LABELS, STANDARDS_EN, TEXT_EN } from './messages.js';

const identity = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, k])) as Record<K, K>;

export const en = {
  labels: identity(LABELS),
  reportTable: TABLE_EN,
  reportMarkdown: MD_EN,
  reportHtml: HTML_EN,
  standards: STANDARDS_EN,
  text: TEXT_EN,
  help: HELP_EN,
  errors: ERRORS_EN,
  warning: WARNINGS_EN,
  optimization: OPTIMIZATIONS_EN,
};
