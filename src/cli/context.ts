/** Global CLI options -> the RunContext a command runs with. */
import type { RunContext } from '../commands/types.js';
import { UsageError } from '../errors.js';
import { loadSnapshot } from '../kepler/load.js';
import type { KeplerSnapshot } from '../kepler/model.js';
import { parseZones } from '../kepler/zones.js';
import { parseSourceSpecs } from '../sources/index.js';
import { parseDurationSeconds } from '../util/duration.js';
import type { CliIO } from './io.js';

export interface GlobalOpts {
  source?: string[];
  demo?: boolean;
  zones?: string;
  sample?: string;
  strict?: boolean;
  timeout?: string;
  retries?: string;
  ca?: string;
  insecure?: boolean;
  tokenFile?: string;
  openmetrics?: boolean;
  quiet?: boolean;
}

export function buildContext(g: GlobalOpts, io: CliIO, warn: (m: string) => void): RunContext {
  const zones = parseZones(g.zones);
  const retries = g.retries === undefined ? undefined : Number(g.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new UsageError(`--retries expects a whole number >= 0, got '${g.retries}'`);
  }
  const specs = parseSourceSpecs(g.source, io.env);
  if (g.demo && g.source?.length) throw new UsageError('--demo and --source are exclusive', 'pick one');
  let cached: Promise<KeplerSnapshot> | undefined;
  return {
    zones,
    now: new Date(),
    warn,
    progress: () => {},
    snapshot() {
      cached ??= loadSnapshot({
        specs,
        demo: g.demo,
        strict: g.strict,
        sampleSeconds: g.sample ? parseDurationSeconds(g.sample, '--sample') : undefined,
        timeoutMs: g.timeout ? parseDurationSeconds(g.timeout, '--timeout') * 1000 : undefined,
        retries,
        caFile: g.ca,
        insecure: g.insecure,
        tokenFile: g.tokenFile ?? io.env.KEPLER_TOKEN_FILE,
        openMetrics: g.openmetrics,
        stdin: io.stdin,
        warn,
      });
      return cached;
    },
  };
}
