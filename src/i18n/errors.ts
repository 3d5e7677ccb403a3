/**
 * Error messages and hints by code. An error carries a code and its parameters (a Msg), not a sentence: the
 * CLI prints it from the catalogue of the chosen language, while `Error.message` (MCP tool errors, logs)
 * stays the English text. A parameter may itself be a Msg (a failed source's reason inside "no source could
 * be read"), rendered in the same language. Other catalogues translate every key (Catalogue.errors).
 * Flag names, file names, URLs and values quoted from the input stay as they are.
 */
import { fewReasons } from '../util/reasons.js';

/** English messages and hints. Each is a function of its parameters (positional, like the other sections). */
export const ERRORS_EN = {
  // the CLI's own lines
  prefix: () => 'kcarbon: error:',
  internal: () => 'kcarbon: (internal error; rerun with --debug for details)',
  badLang: (value: string) => `--lang '${value}' is not a language kcarbon speaks — use en or ko`,
  // commander's messages (matched from its English text)
  unknownOption: (flag: string) => `unknown option '${flag}'`,
  unknownCommand: (name: string) => `unknown command '${name}'`,
  didYouMean: (names: string) => `(Did you mean ${names}?)`,
  missingArgument: (name: string) => `missing required argument '${name}'`,
  optionMissingArgument: (flags: string) => `option '${flags}' argument missing`,
  requiredOption: (flags: string) => `required option '${flags}' not specified`,
  tooManyArguments: (command: string, expected: number, got: number) =>
    `too many arguments for '${command}'. Expected ${expected} argument${expected === 1 ? '' : 's'} but got ${got}.`,
  // values of flags
  notDuration: (what: string, value: string) => `${what} '${value}' is not a duration`,
  durationUnits: () => 'use a number with a unit, e.g. 10s, 5m, 4h',
  durationNoUnit: (what: string, value: string) => `${what} '${value}' has no unit (s, m, h or d)`,
  notPositive: (what: string) => `${what} must be greater than zero`,
  durationTooLong: (what: string, value: string, max: string) =>
    `${what} '${value}' is longer than kcarbon can wait (at most ${max})`,
  example: (text: string) => `e.g. ${text}`,
  notDateTime: (what: string, value: string) => `${what} '${value}' is not a date-time`,
  dateTimeFormat: () =>
    'use ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z or 2026-01-15T14:00:00+09:00',
  notWholeNumber: (flag: string, value: string) => `${flag} expects a whole number, got '${value}'`,
  notWholeNumberAtLeast: (flag: string, min: number, value: string) =>
    `${flag} expects a whole number >= ${min}, got '${value}'`,
  notWholeNumberRange: (flag: string, min: number, max: number, value: string) =>
    `${flag} expects a whole number from ${min} to ${max}, got '${value}'`,
  notNumber: (flag: string, value: string) => `${flag} expects a number, got '${value}'`,
  notPositiveNumber: (flag: string, value: string) => `${flag} expects a positive number, got '${value}'`,
  invalidValue: (name: string, problem: string) => `${name}: ${problem}`,
  validationIssue: (facts: string) => (JSON.parse(facts) as IssueFacts).message,
  fileIssue: (file: string, where: string, problem: string) => `${file}: ${where}${problem}`,
  withinShorterThanRun: (within: string, duration: string) =>
    `--within ${within} is shorter than the run (--duration ${duration}): no run can end by that deadline`,
  withinShorterThanRunHint: (duration: string) =>
    `give --within at least ${duration}, or a shorter --duration`,
  notCalendarDate: () => 'expected a real calendar date YYYY-MM-DD, e.g. 2026-06-30',
  issuesJoined: (first: string, rest: string) => `${first}; ${rest}`,
  moreIssues: (count: number) => `and ${count} more`,
  notYaml: (file: string, reason: string) => `${file}: not YAML: ${reason}`,
  // why a source's body was not usable (inside 'no source could be read')
  tooLarge: (size: string) =>
    `larger than --max-bytes ${size} (stopped reading there) — raise --max-bytes if the node really serves that much`,
  noEofMark: () => 'OpenMetrics response does not end with # EOF (cut short?)',
  midLine: () => 'stream ends in the middle of a line (cut short?)',
  gzipCut: () => 'gzip stream cut short (unexpected end of file)',
  notGzip: (reason: string) => `not valid gzip data (${reason})`,
  invalidUtf8: (offset: number) =>
    `invalid UTF-8 at byte ${offset} (--strict refuses it; without --strict it is replaced by U+FFFD)`,
  fileCut: (why: string) => `${why}; if the file is whole, end its last line with a newline`,
  atOrigin: (origin: string, why: string) => `${origin}: ${why}`,
  response: (why: string) => `response ${why}`,
  responseIs: (why: string) => `response is ${why}`,
  responseHas: (why: string) => `response has ${why}`,
  readTimedOut: (duration: string) => `timed out after ${duration} reading the response`,
  bodyCut: (reason: string) =>
    `response cut short: the connection closed before the body was complete (${reason})`,
  tooManyRedirects: (max: number) => `more than ${max} redirects`,
  redirectInvalid: () => 'redirected to an invalid URL',
  redirectProtocol: (protocol: string) => `redirected to a ${protocol} URL`,
  redirectToHttp: (host: string) =>
    `redirected from https to plain http (${host}); refusing to send the token or password in clear text`,
  redirectToHttpFix: () => 'use the https URL the server should serve, or fix the redirect',
  badRequestHttpsFix: () => 'if the port serves HTTPS (kube-rbac-proxy :8443), use https://',
  // (kcarbon serve names the metrics token --kepler-token-file: its --token-file is the MCP clients'.)
  unauthorizedFix: () =>
    'pass --token-file FILE (serve: --kepler-token-file) with a ServiceAccount token allowed to read metrics',
  checkTokenFile: () => 'check --token-file (serve: --kepler-token-file)',
  checkUrlCredentials: () => 'check the user name and password in the URL',
  checkPrometheusCredentials: () =>
    'check the user and password (--prometheus-user with --prometheus-password-file or PROMETHEUS_PASSWORD, or user:password@ in the --prometheus URL)',
  prometheusUnauthorizedFix: () =>
    'pass --prometheus-user NAME with --prometheus-password-file FILE (basic auth), or --token-file FILE (serve: --kepler-token-file; a bearer token)',
  forbiddenProxyFix: () => "the token's ServiceAccount needs get on pods/proxy (check its RBAC)",
  forbiddenFix: () =>
    "the token's ServiceAccount is not allowed to read metrics (check its RBAC and the proxy's allow-list)",
  certUntrusted: () => 'TLS certificate not trusted (self-signed or unknown CA)',
  certUntrustedFix: () => 'pass --ca FILE, or --insecure to skip verification',
  certExpired: () => 'TLS certificate has expired',
  certExpiredFix: () => 'renew it, or --insecure to skip verification',
  certNotYetValid: () => 'TLS certificate is not valid yet',
  certNotYetValidFix: () => 'check the clocks, or --insecure to skip verification',
  certWrongHost: (host: string) => `TLS certificate is not valid for ${host}`,
  certWrongHostFix: () => 'use a host name the certificate names, or --insecure to skip verification',
  notTls: () => 'TLS handshake failed: the server does not speak TLS',
  useHttp: () => 'use http://',
  unsafePort: (port: string) => `port ${port} is blocked for HTTP clients (unsafe port)`,
  unsafePortFix: (hint: string) => `use the service's own port (${hint})`,
  tlsFailed: (reason: string) => `TLS handshake failed (${reason})`,
  requestFailed: () => 'request failed',
  notHistoryFile: (file: string, reason: string) => `${file}: not a readable history file (${reason})`,
  keyNotAllowed: (file: string, where: string) => `${file}: ${where}: key not allowed`,
  yamlAliasLoop: (file: string, where: string) =>
    `${file}: ${where}: a YAML alias inside its own anchor (the value would contain itself)`,
  badFileUrl: (spec: string, reason: string) => `invalid file URL in --source: ${spec} (${reason})`,
  removedAuthProvider: (context: string, name: string) =>
    `kubeconfig user of context '${context}' uses the removed auth-provider '${name}'`,
  removedAuthProviderHint: () =>
    'switch the user to an exec credential plugin (e.g. kubelogin, gke-gcloud-auth-plugin)',
  kubeconfigFile: (field: string, file: string, reason: string) => `kubeconfig ${field} ${file}: ${reason}`,
  endpointsFailed: (label: string, status: number, detail: string, via: string) =>
    `listing the endpoints of Service ${label} failed: HTTP ${status}${detail ? ` (${detail})` : ''} via ${via}`,
  credentialsRefusedHint: () =>
    'the credentials were refused: refresh the kubeconfig login or the service-account token',
  grantEndpointsHint: (namespace: string) =>
    `grant list on endpointslices.discovery.k8s.io in namespace ${namespace} (deploy/kubernetes/rbac.yaml)`,
  noTokenDnsFailed: (host: string, reason: string) =>
    `no service-account token is mounted and DNS lookup of ${host} failed: ${reason}`,
  noTokenDnsFailedHint: () =>
    'mount the token (automountServiceAccountToken: true) or make the Kepler Service headless (clusterIP: None)',
  noExporterAnswered: (label: string, reasons: string) =>
    `no Kepler exporter of Service ${label} answered: ${reasons}`,
  noExporterAnsweredHint: (namespace: string) =>
    `check the Kepler DaemonSet (kubectl get pods -n ${namespace}) and any NetworkPolicy in front of it`,
  mustBePositive: (what: string, value: number) => `${what} must be a positive number, got ${value}`,
  mustBeNonNegative: (what: string, value: number) => `${what} must be 0 or more, got ${value}`,
  mustBeWholeNonNegative: (what: string, value: number) =>
    `${what} must be a whole number >= 0, got ${value}`,
  pueRange: (min: number, max: number) => `a PUE from ${min} to ${max}`,
  intensityRange: (max: number, unit: string) => `a carbon intensity from 0 to ${max} ${unit}`,
  intensityLimitRange: (max: number, unit: string) =>
    `a carbon intensity limit above 0, up to ${max} ${unit}`,
  seeHelp: (command: string) => `see kcarbon ${command} --help`,
  seeProgramHelp: () => 'see kcarbon --help',
  optionOfOthers: (flag: string, owners: string, command: string) =>
    `${flag} is an option of ${owners}, not of ${command} (see kcarbon ${command} --help)`,
  workloadArgHint: (command: string) =>
    `name a workload, e.g. 'kcarbon ${command} web-frontend --demo' ('kcarbon list' shows them)`,
  notHeader: (value: string) => `--prometheus-header '${value}' is not a header`,
  headerFormat: () => "use 'Name: value', e.g. 'X-Scope-OrgID: tenant'",
  needs: (flag: string, other: string) => `${flag} needs ${other}`,
  add: (what: string) => `add ${what}`,
  cannotReadFlagFile: (flag: string, file: string, reason: string) => `${flag} ${file}: ${reason}`,
  passwordMissing: () => '--prometheus-user needs a password',
  passwordHint: () => 'pass --prometheus-password-file FILE or set PROMETHEUS_PASSWORD',
  prometheusCredentialsTwice: () =>
    'Prometheus credentials given twice: in the --prometheus URL and by --prometheus-user',
  prometheusCredentialsTwiceHint: () =>
    'keep one: the URL without user:password@, or --prometheus-user with --prometheus-password-file',
  notHttpUrl: (flag: string, value: string) => `${flag} '${value}' is not an http(s) URL`,
  exclusive: (a: string, b: string) => `${a} and ${b} are exclusive`,
  pickOne: () => 'pick one',
  pickOneSource: () => 'pick one source',
  cannotCombine: (flag: string, others: string) => `${flag} cannot be combined with ${others}`,
  onlyWith: (flags: string, other: string) => `${flags} only apply with ${other}`,
  notFormatFile: (value: string) => `--report '${value}' is not FORMAT=FILE`,
  badSarifLocation: (value: string, unknown: string | undefined) =>
    unknown === undefined
      ? '--sarif-location is empty: findings would point at no file'
      : `--sarif-location '${value}' has ${unknown}: only {namespace} and {name} are filled in`,
  reportFileTwice: (file: string, first: string, second: string) =>
    `--report names ${file} twice (${first} and ${second}): the second would overwrite the first`,
  reportFileTwiceHint: () => 'give each report its own file',
  namespaceExclusive: () => '-n and -A are exclusive',
  namespaceExclusiveHint: () => 'give a namespace or all namespaces, not both',
  cannotWriteReport: (format: string, file: string, reason: string) =>
    `cannot write ${format} report to ${file}: ${reason}`,
  mailFromAlone: () => '--mail-from is given without --mail-to: nobody to send the report to',
  mailToHint: () => 'add --mail-to with the addresses, comma-separated',
  mailAddressBad: (flag: string, value: string) => `${flag} '${value}' is not a mail address`,
  mailAddressHint: () => 'give addresses as name@domain, comma-separated (no display names)',
  mailNeedsSmtp: () => '--mail-to needs an SMTP relay to send through',
  mailNeedsSmtpHint: () =>
    'give --smtp smtp://host:587 (STARTTLS) or smtps://host:465, with user:password@ if it asks; or set KCARBON_SMTP_URL (keeps the password out of the command line)',
  smtpUrlBad: (where: string, url: string) =>
    `${where} '${url}' is not an smtp:// or smtps:// URL with a host`,
  mailRunFailed: (command: string) => `kcarbon ${command} could not run`,
  mailRunFailedBody: (line: string, code: number) => `${line} (exit ${code})`,
  smtpNoStarttls: () =>
    'the relay offers no STARTTLS, and kcarbon sends a password over TLS only: use smtps://host:465, or a relay that offers STARTTLS',
  mailedReport: (to: string) => `mailed the report to ${to}`,
  cannotMail: (to: string, reason: string) => `cannot mail the report to ${to}: ${reason}`,
  cannotMailHint: () =>
    'the report files and the output are written; check the relay (--smtp, KCARBON_SMTP_URL) and the addresses',
  cannotWriteOutput: (reason: string) => `cannot write the output: ${reason}`,
  reportFileInDir: (format: string, file: string) => `give a file, e.g. --report ${format}=${file}`,
  cannotWriteOutputHint: () => 'write it where there is room, or use --report FORMAT=FILE',
  cannotReadHistory: (file: string, reason: string) => `cannot read --history ${file}: ${reason}`,
  cannotAppendHistory: (file: string, reason: string) => `cannot append to --history ${file}: ${reason}`,
  notSeverity: (value: string) => `--fail-on '${value}' is not a severity`,
  severities: () => 'use error, warning or never',
  noFailDisagrees: () => '--no-fail and --fail-on disagree',
  noFailHint: () => '--no-fail is --fail-on never; give one of them',
  badExitCode: (value: string) => `--exit-code '${value}' is not usable`,
  exitCodeHint: () => 'give a whole number 0..255 other than 2 and 3 (usage and source errors keep those)',
  formatUnsupported: (where: string, format: string) => `${where} '${format}' is not supported`,
  jsonFormatDisagree: (format: string) => `--json and --format ${format} disagree`,
  jsonFormatHint: () => '--json is --format json; give one of them',
  useOneOf: (list: string) => `use one of: ${list}`,
  formatNeedsChecks: (format: string, command: string) =>
    `--format ${format} needs compliance checks; kcarbon ${command} has none`,
  useWith: (list: string) => `use it with: ${list}`,
  noCsvList: (command: string) => `kcarbon ${command} has no list to write as CSV`,
  useJsonOrMarkdown: () => 'use --format json or markdown',
  // periods
  toNeedsStart: () => '--to needs --from or --since',
  sinceAndFrom: () => '--since and --from both give the start of the period',
  passOne: () => 'pass one of them',
  periodInFuture: (to: string, now: string) =>
    `--to ${to} is after the time of the assessment (${now}): no energy has been measured there yet`,
  periodInFutureHint: () => 'end the period at or before now (or --at); leave --to out to end it now',
  periodBackwards: (from: string, to: string) =>
    `the period must end after it starts (--from ${from} --to ${to})`,
  periodTooLong: (days: number) => `a period is at most ${days} days`,
  periodShorten: () => 'shorten --since or --from/--to',
  periodNeedsHistory: () =>
    'a period (--since, --from/--to) needs history, and exporters, files and --sample are one point in time',
  periodHistoryHint: () => 'read it from Prometheus: --prometheus URL (or PROMETHEUS_URL), or try --demo',
  periodWithWindow: () =>
    "--window cannot be combined with a period (--since, --from/--to): a period's power is its energy over the period, not a rate over a window",
  periodWithWindowHint: () => 'drop --window, or drop the period to average current power over the window',
  periodWithSample: () =>
    "--sample cannot be combined with a period (--since, --from/--to): a period's energy comes from history, not from two scrapes",
  periodWithSampleHint: () => 'drop --sample, or drop the period to sample current power',
  // config
  unknownName: (what: 'region' | 'standard' | 'profile', code: string) => `unknown ${what} '${code}'`,
  didYouMeanNames: (names: string) => `did you mean ${names}?`,
  knownNames: (count: number, what: 'region' | 'standard' | 'profile', examples: string) =>
    `${count} known ${what}s, e.g. ${examples} (listed in config/)`,
  configNotFound: (file: string, via: string) => `config file not found: ${file}${via}`,
  fromEnv: (name: string) => ` (from ${name})`,
  configNotFoundHint: (env: string, names: string) =>
    `point --config or ${env} at a JSON file or a directory holding ${names}`,
  configDirEmpty: (dir: string, via: string, names: string) =>
    `${dir}${via}: no config file found; expected any of ${names}`,
  cannotRead: (label: string, reason: string) => `${label}: cannot read: ${reason}`,
  invalidJson: (label: string, reason: string) => `${label}: invalid JSON: ${reason}`,
  invalidJsonAt: (label: string, line: number, column: number, reason: string) =>
    `${label}:${line}:${column}: invalid JSON: ${reason}`,
  invalidYaml: (label: string, reason: string) => `${label}: invalid YAML: ${reason}`,
  expectedGot: (name: string, expected: string, got: string) => `${name}: expected ${expected}, got '${got}'`,
  envReplacesLimit: (env: string, limit: string, value: number) =>
    `${env} replaces the limit of ${limit}; unset it to use ${value}`,
  basisExpected: (what: string, value: string) =>
    `${what}: expected lifecycle, official or official:<factor id>, got '${value}'`,
  basisHint: () => 'e.g. --basis official (the current official factor) or --basis official:2020-2022',
  configInvalid: (issues: string) => issues,
  configFormatHint: () => 'see config/README.md for the config format',
  unknownGrid: (value: string) => `unknown grid provider '${value}'`,
  gridHint: () => 'use --grid offline, electricitymaps, carbon-aware-sdk or watttime (or KCARBON_GRID)',
  gridFailed: (provider: string, reason: string) => `grid provider ${provider}: ${reason}`,
  // why a grid provider's answer was not usable (inside gridFailed and the grid-fallback warning)
  gridTimedOut: (url: string, seconds: number) =>
    `${url}: no complete answer within ${seconds} s (--timeout)`,
  gridTooLarge: (url: string, size: string) => `${url}: answer larger than ${size} (stopped reading there)`,
  // `detail` is the provider's own message, quoted as it sent it (': ...' or empty)
  gridRateLimited: () => 'rate limited (429)',
  gridRateLimitedRetry: (seconds: number) => `rate limited (429), retry after ${seconds} s`,
  gridUnauthorized: (url: string, detail: string) => `401 Unauthorized for ${url}${detail}`,
  gridForbidden: (url: string, detail: string) => `403 Forbidden for ${url}${detail}`,
  gridUnsupported: (detail: string) => `not supported by the server (501)${detail}`,
  gridHttpStatus: (status: number, url: string, detail: string) => `HTTP ${status} for ${url}${detail}`,
  gridNotJson: (url: string) => `${url} did not answer JSON`,
  gridUnexpected: (what: string, problem: string) => `unexpected response: ${what} ${problem}`,
  gridNotNumber: () => 'is not a number',
  gridNotDateTime: () => 'is not a date-time',
  gridNotList: () => 'is not a list',
  gridNotObject: () => 'is not an object',
  gridNotIntensity: (grams: number, max: number) => `is ${grams} g/kWh, not a carbon intensity (0 to ${max})`,
  gridUnexpectedUnits: (units: string) => `unexpected units '${units}'`,
  gridNoData: (location: string, at: string) => `no data for location '${location}' around ${at}`,
  gridLoginRefused: (reason: string) => `${reason} (login with WATTTIME_USERNAME/WATTTIME_PASSWORD)`,
  gridLoginNoToken: () => 'login answered no token',
  gridFreshTokenRefused: (path: string, region: string) =>
    `${path} refused a fresh login token (401 twice); check the account's access to region ${region} and WATTTIME_USERNAME/WATTTIME_PASSWORD`,
  gridSecretFile: (variable: string, file: string, reason: string) =>
    `cannot read ${variable} ${file}: ${reason}`,
  gridNoToken: (variable: string, fileVariable: string) =>
    `no API token; set ${variable} (or ${fileVariable})`,
  gridNoLogin: (user: string, password: string, fileVariable: string) =>
    `set ${user} and ${password} (or ${fileVariable})`,
  gridNoZone: (provider: string, region: string) => `no ${provider} zone for region ${region}`,
  gridZoneHint: (provider: string, region: string) =>
    `map it in a user config: gridProviders.${provider}.zones["${region}"]`,
  gridCheckHint: () => 'check --grid-url and the provider credentials, or use --grid offline',
  gridPartial: (provider: string, missing: number, hours: number, region: string, spans: string) =>
    `grid provider ${provider}: ${provider} has no figure for ${missing} of the period's ${hours} hours in ${region} (${spans})`,
  gridPartialHint: () =>
    'shorten the period to hours the provider covers, or drop --grid-strict to use the offline profile for the rest',
  // sources
  cannotReadSource: (spec: string, reason: string) => `cannot read --source ${spec}: ${reason}`,
  cannotListDir: (spec: string, reason: string) => `cannot list directory ${spec}: ${reason}`,
  cannotReadFile: (origin: string, reason: string) => `cannot read ${origin}: ${reason}`,
  dirNoMetrics: (spec: string) =>
    `directory ${spec} holds no metrics files (hidden files and .md/.json/.yaml files are skipped)`,
  missingHint: () => 'check the path, or use --demo for the bundled demo cluster',
  urlSchemeHint: (url: string) =>
    `for a URL write the scheme, e.g. http://${url}; or use --demo for the bundled demo cluster`,
  fsNotFound: () => 'no such file or directory',
  fsDenied: () => 'permission denied',
  fsNotDir: () => 'a parent of it is not a directory',
  fsIsDir: () => 'is a directory',
  stdinTerminal: () => '--source - reads metrics from stdin, but stdin is a terminal',
  stdinHint: () => 'pipe them in, e.g. curl -s http://<node-ip>:28282/metrics | kcarbon ... --source -',
  /** Failed sources' reasons: at most three, each hint once, how many more. */
  noSourceRead: (...reasons: string[]) =>
    `no metrics source could be read: ${fewReasons(reasons, 3, (n) => `; and ${n} more`)}`,
  noSourceHint: () =>
    'check the endpoint and that Kepler listens on port 28282, or use --demo for the bundled demo cluster',
  noFileReadHint: () =>
    'save the dump again whole (curl -s http://<node-ip>:28282/metrics > node.prom), or use --demo for the bundled demo cluster',
  failedSource: (origin: string, cause: string, attempts: number, fix: string) =>
    `${origin}: ${cause}${attempts > 1 ? ` (${attempts} attempts)` : ''}${fix ? ` — ${fix}` : ''}`,
  connectionRefused: () => 'connection refused',
  checkHostPort: (ports: string) => `check the host and port (${ports})`,
  timedOut: (after: string) => `timed out after ${after}`,
  hostNotFound: (host: string) => `host ${host} not found`,
  checkHostName: () => 'check the host name',
  dnsFailed: (host: string) => `DNS lookup for ${host} failed`,
  connectionClosed: () => 'connection closed by the server',
  useHttps: () => 'if the port serves HTTPS, use https://',
  connectTimedOut: () => 'connection timed out',
  checkReachable: () => 'check that the host is reachable (firewall, network policy)',
  hostUnreachable: () => 'host unreachable',
  networkUnreachable: () => 'network unreachable',
  httpStatus: (status: number, text: string) => `HTTP ${status}${text ? ` ${text}` : ''}`,
  htmlPage: () => 'got an HTML page, not Prometheus metrics',
  htmlPageFix: () => 'check the URL path (Kepler serves /metrics)',
  checkPrometheusUrl: () => 'check the --prometheus URL',
  notPrometheusApi: (origin: string) => `${origin}: not a Prometheus API response`,
  queryFailed: (origin: string, reason: string) => `${origin}: query failed: ${reason}`,
  keplerTargetDown: (instance: string, job: string) =>
    `Kepler exporter ${instance} (Prometheus job ${job}): down, Prometheus could not scrape it (up == 0)`,
  keplerTargetsAllDown: (count: number, instances: string) =>
    `Prometheus has no current Kepler series: the ${count} Kepler exporter${count === 1 ? '' : 's'} it scrapes ${count === 1 ? 'is' : 'are'} down (up == 0): ${instances}`,
  keplerTargetsDownHint: () =>
    "check Kepler's pods (kubectl get pods -n kepler) and Prometheus' targets page; a period (--since) reads what Prometheus kept",
  noSuchServicePort: (service: string, port: string, ports: string) =>
    `Service ${service} has no port '${port}' (its endpoints' ports: ${ports})`,
  noSourceGiven: () => 'no metrics source given',
  noSourceGivenHint: () => 'pass --source URL|FILE|DIR|- (or set KEPLER_ENDPOINT), or try --demo',
  windowNeedsPrometheus: () => '--window needs --prometheus',
  sampleTooShort: (seconds: number, interval: number) =>
    `--sample ${seconds}s is shorter than Kepler's ${interval} s refresh, so the counters may not move`,
  sampleLonger: (seconds: number) => `use --sample ${seconds}s or longer`,
  sampleNeedsUrls: () => '--sample needs live http(s) sources only',
  sampleNeedsUrlsHint: () => 'files and stdin are a single point in time; drop --sample or pass only URLs',
  // metrics and Kepler
  legacyNeedsTwo: (version: string) =>
    `Kepler ${version} (legacy) exposes only energy counters, so power needs two readings`,
  legacyHint: () =>
    'scrape the live Kepler endpoints twice with --source http://NODE:9102/metrics --sample 10s (a saved dump is a single reading)',
  legacyPrometheusHint: () =>
    'Prometheus holds those counters over time: add --window 5m (or another span) to average power from them with rate()',
  noGpuNoCpu: () => 'Kepler reports no GPU power, and --components leaves out the CPU',
  noGpuNoCpuHint: () => 'use --components cpu,gpu (default) or cpu on a cluster without GPUs',
  noZoneData: (zones: string) => `Kepler reports no '${zones}' zone data`,
  zonesReported: (zones: string) =>
    `zones reported: ${zones || 'none'}; pick with --zones, or drop --zones for each node's own zones`,
  noPodsInNamespace: (namespace: string) => `no running pods with Kepler metrics in namespace '${namespace}'`,
  namespacesWithMetrics: (list: string) => `namespaces with metrics: ${list} (or -A for all)`,
  noPodsYet: () => 'Kepler reports no pods yet',
  noRunningPods: () => 'Kepler reports no running pods',
  noRunningPodsLeftOut: (count: number) =>
    `no running pod's power could be read: ${count} series left out (excluded, malformed or missing values)`,
  noRunningPodsLeftOutHint: () =>
    'see the warnings above for which series and why; fix the source and run again',
  noRunningPodsHint: () =>
    'check that Kepler runs with the pod metrics level and has completed its first 5 s interval',
  historyEmpty: () => '--history is empty: this run would be recorded nowhere',
  zonesEmpty: () => '--zones is empty',
  zonesEmptyHint: () => 'pass a comma-separated list such as package,dram',
  zonesDoubleCount: (zones: string, zone: string, outer: string) =>
    `--zones ${zones} double counts: zone '${zone}' is part of '${outer}'`,
  zonesDoubleCountHint: () => 'use package,dram (default), package, or psys alone',
  noSourcesToRead: () => 'no metrics sources to read',
  passSourceOrDemo: () => 'pass --source or --demo',
  mixedFormats: (legacy: string) => `sources mix Kepler v0.10+ and legacy 0.7 formats (legacy: ${legacy})`,
  mixedFormatsHint: () => 'audit the two generations separately',
  componentsUnknown: (bad: string) => `--components has unknown '${bad}'`,
  componentsEmpty: () => '--components is empty',
  componentsHint: () => 'use cpu, gpu or cpu,gpu (default)',
  unknownFactor: (key: string, country: string, known: string) =>
    `unknown official factor '${key}' for ${country}; known: ${known}`,
  factorHint: (current: string, first: string) =>
    `e.g. --basis official (the current ${current} factor) or --basis official:${first}`,
  noStandard: () => 'no standard selected',
  noStandardHint: () => 'kcarbon standards lists them',
  notKepler: (origin: string) => `${origin}: no Kepler metrics found (unknown Kepler format)`,
  notKeplerHint: () => 'point --source at a Kepler /metrics endpoint (port 28282) or a saved dump of one',
  notSize: (flag: string, value: string) => `${flag} '${value}' is not a size`,
  sizeHint: () => 'use bytes or a unit, e.g. 64MiB, 512MB, 1GiB',
  sourceUnsupported: (spec: string) =>
    `unsupported --source ${spec}: only http://, https://, a file or directory path, or - (stdin)`,
  sourceInvalidUrl: (spec: string) => `invalid URL in --source: ${spec}`,
  keplerUrlHint: () => 'for Kepler use e.g. http://<node-ip>:28282/metrics',
  notNamespaceName: (spec: string) => `--kepler-service '${spec}' is not NAMESPACE/NAME`,
  keplerServiceHint: () =>
    'e.g. --kepler-service kepler/kepler-exporter (add :PORT for a port other than the http/metrics one)',
  // Prometheus and history
  notPrometheusUrl: (url: string) => `--prometheus '${url}' is not a URL`,
  prometheusNeedsHttp: (protocol: string) => `--prometheus needs http(s), got ${protocol}`,
  prometheusNoPower: (url: string) => `${url}: Prometheus holds no current Kepler pod power`,
  prometheusNoSeries: (origin: string) => `${origin}: Prometheus holds no Kepler series`,
  scrapeKeplerHint: () =>
    'check that Prometheus scrapes the Kepler exporters (ServiceMonitor or scrape config)',
  prometheusNoJoules: (url: string, window: string) =>
    `${url}: no kepler_pod_cpu_joules_total data in the last ${window}`,
  prometheusNoJoulesHint: () =>
    'check that Prometheus scrapes Kepler v0.10+ and that the window covers at least two scrapes',
  historyNoCounters: (origin: string, asked: string) =>
    `${origin}: Prometheus holds no Kepler joules counters at all (asked for ${asked})`,
  historyAllEmpty: (origin: string, asked: string) =>
    `${origin}: no sample of Kepler's energy counters in the whole period ${asked}, though there are some before it (was Prometheus down, or not scraping Kepler, all that time?)`,
  historyAllEmptyHint: () =>
    "check Prometheus' own uptime and its Kepler targets for that time, or pick a period with data",
  historyNoSamples: (origin: string, asked: string) =>
    `${origin}: Prometheus has no Kepler samples in the last 400 days (asked for ${asked})`,
  historyRetentionHint: () =>
    'check its retention (--storage.tsdb.retention.time) and that it scrapes Kepler',
  historyOutside: (origin: string, asked: string, from: string, to: string) =>
    `${origin}: the period ${asked} reaches outside the Kepler data Prometheus has (from about ${from} to ${to}, hour resolution)`,
  historyOutsideHint: () =>
    'pick a period inside that range with --since or --from/--to, or raise the retention',
  demoHistoryShort: (hours: number, to: string, reach: string, from: string) =>
    `the demo history holds ${hours} h of typical days laid on whole days: before ${to} it reaches back to ${reach}, not to ${from}`,
  demoHistoryHint: (hours: number, reach: string) =>
    `for a period ending then, use --since ${hours}h or less, or --from ${reach} or later`,
  fileHistoryOutside: (origin: string, from: string, to: string, start: string, end: string) =>
    `${origin}: the period ${from} – ${to} reaches outside the history (${start} – ${end})`,
  fileHistoryHint: () => 'pick a period the history covers',
  // schedule
  officialNoSchedule: (basis: string) =>
    `the official emission factor (--basis ${basis}) is one annual figure: under it every hour counts the same, so there is no cleaner time to run`,
  officialNoScheduleHint: () =>
    'schedule on the grid itself with --basis lifecycle (the default; for an MCP server: its operator sets it)',
  statedIntensityNoSchedule: (origin: string) =>
    `${origin} states one grid intensity for every hour, so no hour is cleaner than another to schedule in`,
  statedIntensityNoScheduleHint: () =>
    "leave it out to use the region's hour-of-day profile (for an MCP server: its operator sets it)",
  noProfile: (region: string) =>
    `region '${region}' has no hour-of-day intensity profile, so every hour looks the same`,
  noProfileHint: (regions: string) =>
    `regions with profiles: ${regions}; or add a profile with --config, or use a forecasting --grid provider`,
  // serve and its listener
  notOrigin: (entry: string) => `--allowed-origins entry '${entry}' is not an origin`,
  originHint: () =>
    'give scheme://host[:port] with http or https, e.g. https://inspector.example.com (no wildcards, no paths)',
  notHost: (entry: string) => `--allowed-hosts entry '${entry}' is not a host name`,
  hostHint: () =>
    'give a host name or host:port, e.g. kcarbon.example.com or kcarbon.example.com:8443 (no schemes, paths or wildcards)',
  hostOfUrlHint: (host: string) => `give just the host of the URL: --allowed-hosts ${host}`,
  tokenEmpty: (from: string) => `${from}: the file is empty`,
  tokenOneLine: () => 'write the token on one line',
  tokenNotAscii: (from: string) => `${from}: a bearer token is one word of printable ASCII`,
  portInUse: (port: number, host: string) => `port ${port} on ${host} is already in use`,
  otherPort: () => 'pick another --port, or --port 0 for any free port',
  portDenied: (port: number, host: string) => `permission denied to listen on port ${port} on ${host}`,
  lowPortHint: () => 'ports below 1024 need privileges: pick another --port, or --port 0 for any free port',
  addressUnavailable: (host: string) => `address ${host} is not available on this machine`,
  addressHint: () => 'pass one of its addresses with --host, or 127.0.0.1 (the default)',
  cannotResolveHost: (host: string) => `cannot resolve --host '${host}'`,
  resolveHint: () => 'pass an IP address or a resolvable name',
  // Kubernetes
  cannotReadKubeconfig: (file: string, reason: string) => `cannot read kubeconfig ${file}: ${reason}`,
  kubeconfigHint: () => 'pass --kubeconfig FILE, set KUBECONFIG, or run inside the cluster',
  noKubeconfig: (files: string) => `no kubeconfig found (${files})`,
  noKubeconfigHint: () => 'pass --kubeconfig FILE or set KUBECONFIG, or run inside the cluster',
  noCurrentContext: (file: string) => `kubeconfig ${file} has no current-context`,
  noCurrentContextHint: () => 'pass --context NAME (kubectl config get-contexts lists them)',
  noSuchContext: (name: string, known: string) => `kubeconfig has no context '${name}' (contexts: ${known})`,
  checkContext: () => 'check --context',
  noEndpoints: (service: string, via: string) => `Service ${service} has no endpoints (via ${via})`,
  noEndpointsHint: (namespace: string, name: string) =>
    `check the namespace and name: kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${name}`,
  apiUnreachable: (server: string, via: string, reason: string) =>
    `cannot reach the Kubernetes API at ${server} (${via}): ${reason}`,
  apiPolicyHint: () => 'check the NetworkPolicy lets kcarbon reach the API server',
  apiContextHint: () => 'check the kubeconfig context and that the cluster is up',
  // report files
  wroteReport: (format: string, file: string) => `kcarbon: wrote ${format} report to ${file}`,
  wroteFailedReport: (format: string, file: string) =>
    `kcarbon: wrote ${format} report (run failed) to ${file}`,
  // files of flags (--ca, --token-file)
  cannotReadFlagFileOf: (flag: string, file: string, reason: string) =>
    `cannot read ${flag} file ${file}: ${reason}`,
  caHint: () => 'pass a PEM file with the CA certificate(s)',
  notPem: (file: string, reason: string) => `--ca file ${file} is not a PEM certificate bundle (${reason})`,
  pemHint: () => 'pass a PEM file with -----BEGIN CERTIFICATE----- blocks',
  tokenFileHint: () => 'pass a file holding a ServiceAccount token, e.g. from kubectl create token <sa>',
  tokenFileEmpty: (file: string) => `--token-file ${file} is empty`,
  tokenFileNotToken: (file: string) =>
    `--token-file ${file} does not hold a single-line token (unexpected characters)`,
  historyTooLarge: (origin: string, metric: string, where: string) =>
    `${origin}: the answer for ${metric}${where} at one hour is too large even when split`,
  historyTooLargeHint: () => 'raise the server limits (query.max-samples) or --prometheus-max-series',
  noKeplerInSources: (...reasons: string[]) =>
    `no source holds Kepler metrics: ${fewReasons(reasons, 3, (n) => `; and ${n} more`)}`,
  checkSources: () => 'check the files or --source URLs',
  noRunningPodsOf: (name: string, namespace: string, terminated: number) =>
    `workload '${name}' in namespace '${namespace}' has no running pods (${terminated} terminated), so its current power is unknown`,
  noRunningPodsOfHint: () => 'assess it while it runs; kcarbon top --include-terminated lists its energy',
  flagExpected: (flag: string, expected: string, value: number) =>
    `${flag}: expected ${expected}, got ${value}`,
  kubeconfigNotYaml: (file: string, reason: string) => `kubeconfig ${file} is not valid YAML: ${reason}`,
  contextNoServer: (name: string) => `kubeconfig context '${name}' names no cluster with a server address`,
  execFailed: (command: string, reason: string) => `kubeconfig exec plugin '${command}' failed: ${reason}`,
  execHint: () => 'run kubectl get nodes once to check the login',
  execNoToken: (command: string) => `kubeconfig exec plugin '${command}' returned no token or certificate`,
  // workloads
  noWorkload: (name: string, namespace: string) =>
    namespace
      ? `no Kepler metrics for workload '${name}' in namespace '${namespace}'`
      : `no Kepler metrics for workload '${name}' in any namespace`,
  noWorkloadSourcesFailed: (name: string, namespace: string, failed: string) =>
    `no Kepler metrics for workload '${name}'${namespace ? ` in namespace '${namespace}'` : ''} in the sources read; it may run on a node whose source failed: ${failed}`,
  noWorkloadSourcesFailedHint: () =>
    'fix or wait for the failed sources (see the warnings above) and run again',
  workloadElsewhere: (namespaces: string, first: string) =>
    `it exists in namespace ${namespaces}: set namespace to '${first}' (-n ${first})`,
  workloadElsewhereUri: (namespaces: string, uri: string) =>
    `it exists in namespace ${namespaces}: read ${uri}`,
  workloadDidYouMean: (names: string) => `did you mean ${names}? ('kcarbon top' lists the pods)`,
  workloadListHint: () => "'kcarbon top' lists the pods Kepler reports",
  workloadSeveral: (name: string, namespaces: string) =>
    `workload '${name}' exists in several namespaces (${namespaces})`,
  workloadSeveralHint: () => 'set namespace to one of them (-n NAMESPACE)',
  // serve
  serveNeedsSource: () => 'serve needs a metrics source',
  serveNeedsSourceHint: () =>
    'pass --source URL|FILE|DIR (or set KEPLER_ENDPOINT), --kepler-service NS/NAME, --prometheus URL (or PROMETHEUS_URL), or --demo',
  serveNoStdin: () => 'serve cannot read metrics from stdin (-)',
  serveNoStdinHint: () => 'pass URLs, files or a directory with --source',
  transportUnsupported: (value: string) => `--transport '${value}' is not supported`,
  useStdioOrHttp: () => 'use stdio or http',
  refuseWithoutToken: (host: string) => `refusing to serve MCP on ${host} without a bearer token`,
  refuseWithoutTokenHint: (env: string) => `set --token-file FILE or ${env}, or bind 127.0.0.1 (the default)`,
  notPort: (from: string, value: string) => `${from} expects a port from 0 to 65535, got '${value}'`,
} as const;

export type ErrorCode = keyof typeof ERRORS_EN;

/**
 * What a schema (zod) found wrong with a value, as language-neutral facts a catalogue words: zod's issue
 * fields, the type of the value received (zod drops the input), and zod's English message, which English
 * prints as it is (so English lines are zod's own) and other languages print only for a message a schema
 * wrote itself (a refinement's text). Zod's own locales are not used: the Korean catalogue is on the
 * start-up path of --help, which must not load zod, and a finished issue no longer has its input.
 */
export interface IssueFacts {
  code: string;
  message: string;
  /** zod's generic wording, not a schema's own text. */
  generic: boolean;
  origin?: string;
  expected?: string;
  received?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  exact?: boolean;
  values?: string[];
  format?: string;
  divisor?: number;
  keys?: string[];
  /** A catalogue code a schema's own message carries (`params: { msg }` of a refinement). */
  msg?: string;
}

/** The type name zod uses for a value (`received` of invalid_type). */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  return typeof v;
}

/** Codes a schema's refinement may name (`params: { msg }`) so other languages word it; English keeps the schema's text. */
const SCHEMA_MSGS = ['notCalendarDate'] as const;
export type SchemaMsg = (typeof SCHEMA_MSGS)[number];
function schemaMsg(params: unknown): SchemaMsg | undefined {
  const code = (params as { msg?: unknown } | undefined)?.msg;
  return SCHEMA_MSGS.find((c) => c === code);
}

/** A zod issue as a message (`validationIssue`), given the value it was about; `english` words it in English. */
export function issueMsg(
  found: { code: string; message: string },
  value: unknown,
  english = found.message,
): Msg {
  const issue = found as { code: string; message: string } & Record<string, unknown>;
  const num = (k: string) => {
    const v = issue[k];
    return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
  };
  const facts: IssueFacts = {
    code: issue.code,
    message: english,
    generic: /^(Invalid|Too (big|small)|Unrecognized)\b/.test(issue.message),
    origin: typeof issue.origin === 'string' ? issue.origin : undefined,
    expected: typeof issue.expected === 'string' ? issue.expected : undefined,
    received: issue.code === 'invalid_type' ? typeOf(value) : undefined,
    minimum: num('minimum'),
    maximum: num('maximum'),
    inclusive: typeof issue.inclusive === 'boolean' ? issue.inclusive : undefined,
    exact: issue.exact === true ? true : undefined,
    values: Array.isArray(issue.values) ? issue.values.map((v) => JSON.stringify(v)) : undefined,
    format: typeof issue.format === 'string' ? issue.format : undefined,
    divisor: num('divisor'),
    keys: Array.isArray(issue.keys) ? issue.keys.map(String) : undefined,
    msg: schemaMsg(issue.params),
  };
  return msg('validationIssue', JSON.stringify(facts));
}

/** The value at an issue's path inside the whole input (for `received`). */
export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of at)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}
type Fn = (...args: never[]) => string;
/** A parameter of a message: a value quoted as it is, or another message rendered in the same language. */
export type MsgParam = string | number | Msg;

/** A message by code with its parameters: what an error carries instead of a sentence. */
export interface Msg {
  readonly code: ErrorCode;
  readonly params: readonly MsgParam[];
}

type Params<C extends ErrorCode> = (typeof ERRORS_EN)[C] extends (...args: infer A) => string
  ? { [K in keyof A]: A[K] extends string ? string | Msg : A[K] }
  : never;

/** A message: `msg('notDuration', '--since', '5x')`. */
export function msg<C extends ErrorCode>(code: C, ...params: Params<C>): Msg {
  return { code, params: params as readonly MsgParam[] };
}

export function isMsg(v: unknown): v is Msg {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Msg).code === 'string' &&
    Array.isArray((v as Msg).params)
  );
}

/** A message in one catalogue (nested messages too); a key the catalogue lacks falls back to English. */
export function renderMsg(m: Msg, catalogue?: Partial<Record<ErrorCode, Fn>>): string {
  const fn = (catalogue?.[m.code] ?? ERRORS_EN[m.code]) as (...a: unknown[]) => string;
  return fn(...m.params.map((p) => (isMsg(p) ? renderMsg(p, catalogue) : p)));
}

/** English text of a message or a plain string. */
export function englishOf(m: string | Msg): string {
  return typeof m === 'string' ? m : renderMsg(m);
}
