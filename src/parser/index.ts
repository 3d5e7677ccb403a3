export { findFamily, MAX_WARNINGS, parseExposition } from './exposition.js';
export {
  FamilyFilter,
  type FilteredExposition,
  filterExposition,
  inputLine,
  parseKept,
} from './prefilter.js';
export { type Latin1, type ScanLine, type ScanOptions, type ScanSink, scanPlain } from './scan.js';
export type {
  ExpositionFormat,
  MetricFamily,
  MetricType,
  ParseOptions,
  ParseResult,
  ParseWarning,
  Sample,
} from './types.js';
