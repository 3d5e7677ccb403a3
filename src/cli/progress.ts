/**
 * The CLI's progress line: one overwriting line on stderr while sources are read (nodes done of total,
 * failures so far), while a period is read from Prometheus (queries done of total, splits, refusals), while
 * --sample waits, and for a command's own steps (RunContext.progress). Only on a
 * terminal: never when stderr is piped, never with a machine format, never with -q. Cleared before any
 * output is written, so nothing of it stays on the screen or in a captured stream.
 */
import { TEXT } from '../i18n/text.js';
import type { ReadProgress } from '../sources/types.js';
import { escapeControl } from '../util/escape.js';
import type { Output } from './io.js';

/** Formats a person reads on the terminal; every other format is for a machine (json, yaml, sarif...). */
const HUMAN_FORMATS = new Set(['table', 'wide']);

export interface ProgressLine extends ReadProgress {
  /** A command's own step (RunContext.progress). */
  step(done: number, total: number, message: string): void;
  /** Erase the line (before output, warnings or an error are written). */
  clear(): void;
}

const NONE: ProgressLine = { expect() {}, read() {}, wait() {}, queries() {}, step() {}, clear() {} };

export function progressLine(stream: Output, o: { format: string; quiet: boolean }): ProgressLine {
  if (stream.isTTY !== true || o.quiet || !HUMAN_FORMATS.has(o.format)) return NONE;
  let total = 0;
  let done = 0;
  let failed = 0;
  let shown = false;
  const show = (text: string) => {
    // \r back to the start of the line, the text, then erase whatever a longer line left behind.
    stream.write(`\r${text}\x1b[K`);
    shown = true;
  };
  const reading = () => show(`kcarbon: ${TEXT.progressSources(done, total, failed)}`);
  return {
    expect(n) {
      total += n;
      if (n > 0) reading();
    },
    read(ok) {
      done += 1;
      if (!ok) failed += 1;
      reading();
    },
    wait(seconds) {
      // The second scrape of --sample counts its nodes afresh.
      total = 0;
      done = 0;
      failed = 0;
      show(`kcarbon: ${TEXT.progressWait(seconds)}`);
    },
    queries(q) {
      show(`kcarbon: ${TEXT.progressQueries(q.done, q.total, q.splits, q.refused)}`);
    },
    step(d, t, message) {
      // The message may quote an exporter's labels (a pod's name): escaped, as everything else on stderr.
      show(`kcarbon: ${escapeControl(message, true)} (${d}/${t})`);
    },
    clear() {
      if (!shown) return;
      stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
