/**
 * MCP progress for one request: `notifications/progress` on a 0..100 scale with strictly increasing
 * values, sent only when the request carried a progressToken. Reading metrics (and a period's
 * Prometheus queries) is the first 10 %,
 * the command's own ctx.progress() steps the next 85 %, completion is 100.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { type QueryProgress, queryProgressText } from '../sources/types.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ProgressReporter {
  /** Report `fraction` (0..1) of the whole request; ignored unless it increases. */
  at(fraction: number, message: string): void;
  /** The command's steps (RunContext.progress), mapped to 10..95 %. */
  step(done: number, total: number, message: string): void;
  /** A period read from Prometheus (queries done of total, splits, refusals), within the first 10 %. */
  queries(q: QueryProgress): void;
  /** Wraps the snapshot read: 0 % before, 10 % after. */
  around<T>(load: () => Promise<T>): Promise<T>;
  /** 100 %, then wait until every notification has been handed to the transport. */
  finish(message?: string): Promise<void>;
}

const TOTAL = 100;

export function progressReporter(extra: Extra): ProgressReporter {
  const token = extra._meta?.progressToken;
  let last = -1;
  let chain: Promise<void> = Promise.resolve();
  const send = (progress: number, message: string) => {
    if (token === undefined || extra.signal.aborted) return;
    const value = Math.round(progress * 100) / 100;
    if (!(value > last) || value > TOTAL) return;
    last = value;
    chain = chain
      .then(() =>
        extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: value, total: TOTAL, message },
        }),
      )
      .catch(() => {});
  };
  const reporter: ProgressReporter = {
    at: (fraction, message) => send(Math.min(1, Math.max(0, fraction)) * TOTAL, message),
    step(done, total, message) {
      if (!(total > 0)) return;
      reporter.at(0.1 + 0.85 * Math.min(1, Math.max(0, done / total)), message);
    },
    queries(q) {
      if (q.total > 0) reporter.at(0.09 * Math.min(1, q.done / q.total), queryProgressText(q));
    },
    async around(load) {
      reporter.at(0, 'reading Kepler metrics');
      const value = await load();
      reporter.at(0.1, 'metrics read');
      return value;
    },
    async finish(message = 'done') {
      send(TOTAL, message);
      await chain;
    },
  };
  return reporter;
}
