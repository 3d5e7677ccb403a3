/** Types of the Prometheus text 0.0.4 / OpenMetrics 1.0 exposition reader. */

export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'unknown'
  | 'info'
  | 'stateset'
  | 'gaugehistogram';

export type ExpositionFormat = 'text' | 'openmetrics';

export interface Sample {
  /** Full sample name as written (e.g. `kepler_pod_cpu_joules_total`, `go_gc_duration_seconds_sum`). */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, if the line carried a timestamp (OpenMetrics seconds are converted). */
  timestampMs?: number;
}

export interface MetricFamily {
  /**
   * Family name. For text 0.0.4 this is the TYPE/HELP name (or the sample name when
   * there is none); for OpenMetrics counters the family is `foo` while samples are `foo_total`.
   */
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
  samples: Sample[];
}

export interface ParseWarning {
  line: number;
  message: string;
}

export interface ParseOptions {
  /**
   * Throw an InputError naming the line number on the first malformed line, checking every line (wantFamily
   * then only filters the result). Default false: skip and count; unwanted families are skipped unread.
   */
  strict?: boolean;
  /** Force a format; default detects OpenMetrics by a `# EOF` line or a `# UNIT` line / content type. */
  format?: ExpositionFormat;
  /**
   * Keep only families for which this returns true. Called once per family name (not per line);
   * lines of unwanted families are skipped without parsing their labels.
   */
  wantFamily?: (familyName: string) => boolean;
  /** Where the text came from, used in error messages (file path or URL). */
  origin?: string;
}

export interface ParseResult {
  format: ExpositionFormat;
  /** Families in input order, keyed by family name. */
  families: Map<string, MetricFamily>;
  /** Malformed lines that were skipped (non-strict mode), at most the first 20 kept in detail. */
  warnings: ParseWarning[];
  /** Total number of malformed lines skipped. */
  skippedLines: number;
  /**
   * The sample lines among them, by metric name ('' when the name itself could not be read): series the
   * result may lack. A repeated series is not among them (its first line was read).
   */
  skippedSamples: Map<string, number>;
  /** Number of sample lines read (kept or skipped by wantFamily). */
  sampleLines: number;
}
