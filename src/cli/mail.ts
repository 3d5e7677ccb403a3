/**
 * `report --mail-to`: the report mailed through an SMTP relay (nodemailer), for a nightly cron or CronJob whose
 * reader is a person, not a file on a volume. The HTML report is the body (built for mail clients: tables, no
 * script), the markdown its plain-text part; a run that could not run mails why. I/O at the edge: the command
 * returns its result as always and only the CLI sends it.
 */
import { hostname } from 'node:os';
import { msg, UsageError } from '../errors.js';

export interface MailSettings {
  to: string[];
  from: string;
  /** smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps://… (TLS from the start). */
  smtp: string;
}

/** A mailbox as SMTP relays take it: local@domain, no spaces or brackets (a display name is not asked for). */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** The mail options of a run (none without --mail-to); exit 2 for anything a relay would refuse or that means nothing. */
export function mailSettings(
  opts: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): MailSettings | undefined {
  const fromFlag = typeof opts.smtp === 'string';
  const given = fromFlag ? (opts.smtp as string) : env.KCARBON_SMTP_URL;
  const smtp = given?.trim() || undefined;
  const where = fromFlag ? '--smtp' : 'KCARBON_SMTP_URL';
  if (opts.mailTo === undefined) {
    if (opts.mailFrom !== undefined) throw new UsageError(msg('mailFromAlone'), msg('mailToHint'));
    return undefined;
  }
  const to = String(opts.mailTo)
    .split(',')
    .map((a) => a.trim());
  const bad = to.find((a) => !ADDRESS.test(a));
  if (bad !== undefined)
    throw new UsageError(msg('mailAddressBad', '--mail-to', bad), msg('mailAddressHint'));
  const from = typeof opts.mailFrom === 'string' ? opts.mailFrom.trim() : `kcarbon@${hostname()}`;
  if (!ADDRESS.test(from))
    throw new UsageError(msg('mailAddressBad', '--mail-from', from), msg('mailAddressHint'));
  if (!smtp) throw new UsageError(msg('mailNeedsSmtp'), msg('mailNeedsSmtpHint'));
  let url: URL | undefined;
  try {
    url = new URL(smtp);
  } catch {}
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new UsageError(msg('smtpUrlBad', where, redact(smtp)), msg('mailNeedsSmtpHint'));
  }
  return { to, from, smtp };
}

/**
 * An SMTP URL as it may be shown: whatever comes before its last '@' (user and password, however malformed) is
 * never printed.
 */
export function redact(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  return `${scheme}***@${url.slice(at + 1)}`;
}

/** Whether the URL carries credentials: then they go only over TLS. */
const hasCredentials = (smtp: string) => {
  const u = new URL(smtp);
  return u.username !== '' || u.password !== '';
};

/** How long a relay may take to answer each step (connect, greet, each command). */
const SMTP_TIMEOUT_MS = 30_000;

/** Sends one message; rejects with the relay's own reason. */
export async function sendMail(
  m: MailSettings,
  message: { subject: string; text: string; html?: string },
): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const requireTLS = new URL(m.smtp).protocol === 'smtp:' && hasCredentials(m.smtp);
  // One options object: a URL string takes its second argument as message defaults, not transport options.
  const transport = createTransport({
    url: m.smtp,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    // A password goes over TLS only: smtps://, or STARTTLS, which smtp:// then requires (a relay that does not
    // offer it, or a path that strips it, gets no password in clear).
    requireTLS,
  } as Parameters<typeof createTransport>[0]);
  try {
    await transport.sendMail({ from: m.from, to: m.to, ...message });
  } catch (err) {
    // The relay offers no STARTTLS (or something on the way stripped it): said as what to do, not as nodemailer's text.
    if (requireTLS && /STARTTLS/i.test((err as Error).message)) throw new UsageError(msg('smtpNoStarttls'));
    throw err;
  } finally {
    transport.close();
  }
}

/** The subject of a report mail: the command and the report's first line (its verdict), as a mail list shows it. */
export function mailSubject(command: string, markdown: string): string {
  const first = markdown.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = first
    .replace(/^#+\s*/, '')
    .replaceAll('**', '')
    .trim();
  return line ? `kcarbon ${command}: ${line}` : `kcarbon ${command}`;
}
