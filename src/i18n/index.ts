/**
 * Message catalogues: English is the source text (en.ts gathers it), each other language is one file
 * (ko.ts) with the same keys, so a third language is a file plus one line in LOADERS. Only what a
 * person reads is translated (tables, headings, statuses, reports, --help); JSON keys and values, exit
 * codes and MCP tool names never change. The language is chosen once per CLI run (setLang).
 */
import type { Warning } from '../kepler/model.js';
import { type Msg, renderMsg } from './errors.js';
import { HELP_EN, type HelpKey } from './help.js';
import type { Catalogue } from './messages.js';

export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];

/**
 * Translations by language, each imported when a run first chooses it (setLang), so an English run never
 * evaluates one; English is the text in the code, so it needs no entry.
 */
const LOADERS: Record<Exclude<Lang, 'en'>, () => Promise<Catalogue>> = {
  ko: async () => (await import('./ko.js')).ko,
};
const CATALOGUES: Partial<Record<Lang, Catalogue>> = {};

let current: Lang = 'en';

export async function setLang(lang: Lang): Promise<void> {
  if (lang !== 'en') CATALOGUES[lang] ??= await LOADERS[lang]();
  current = lang;
}

export function lang(): Lang {
  return current;
}

/** `--lang` wins; else LC_ALL, LC_MESSAGES, LANG (POSIX order) starting with `ko` -> ko; else en. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang | undefined {
  if (flag !== undefined) {
    const l = flag.trim().toLowerCase().slice(0, 2);
    return (LANGS as readonly string[]).includes(l) ? (l as Lang) : undefined;
  }
  const locale = env.LC_ALL?.trim() || env.LC_MESSAGES?.trim() || env.LANG?.trim() || '';
  return /^ko([_.-]|$)/i.test(locale) ? 'ko' : 'en';
}

/** `--lang X` / `--lang=X` in raw argv (help is printed while parsing, before options are known). */
export function langFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

function section(name: string): Record<string, unknown> | undefined {
  return (CATALOGUES[current] as Record<string, Record<string, unknown>> | undefined)?.[name];
}

/**
 * A section of English texts (strings, lists, functions, nested objects) that reads the current
 * language's section on every access, falling back to English key by key.
 */
export function localized<T extends object>(name: string, en: T): T {
  const wrap = (path: string[], base: object): object =>
    new Proxy(base, {
      get(target, prop, receiver) {
        const english = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string') return english;
        let t: unknown = section(name);
        for (const p of [...path, prop]) t = (t as Record<string, unknown> | undefined)?.[p];
        if (english && typeof english === 'object' && !Array.isArray(english))
          return wrap([...path, prop], english);
        return t ?? english;
      },
    });
  return wrap([], en) as T;
}

/** A label, heading or short phrase by its English text (the `labels` section); English when untranslated. */
export function tr(text: string): string {
  return (section('labels')?.[text] as string | undefined) ?? text;
}

/** Display width in terminal columns: Hangul and other wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

let helpKeys: Map<string, HelpKey> | undefined;

/**
 * A --help text (command summary or description, option description, group heading, commander's titles) in
 * the current language, by its English text (HELP_EN); text that is not in the catalogue stays as it is.
 */
export function helpText(text: string): string {
  if (current === 'en') return text;
  helpKeys ??= new Map(Object.entries(HELP_EN).map(([k, v]) => [v as string, k as HelpKey]));
  const key = helpKeys.get(text);
  return (key && (section('help')?.[key] as string | undefined)) ?? text;
}

/** A warning in the current language: the catalogue's `warning.<code>` from its params, else its English message. */
export function warningText(w: Pick<Warning, 'code' | 'message' | 'params'>): string {
  const text = section('warning')?.[w.code] as ((p: unknown) => string) | undefined;
  if (!text || !w.params) return w.message;
  // A failed source's reason is a line of its own, worded by code where the reader knew it (noteReason).
  const { error, reason } = w.params;
  return text({
    ...w.params,
    ...(typeof error === 'string' ? { error: reasonText(error) } : {}),
    ...(typeof reason === 'string' ? { reason: reasonText(reason) } : {}),
  });
}

/** An optimization (or an action from one) in the current language: `optimization.<type>.<case>` from its params. */
export function optimizationText(o: {
  type: string;
  description: string;
  params?: Record<string, string | number>;
}): string {
  const byCase = section('optimization')?.[o.type] as Record<string, (p: unknown) => string> | undefined;
  const text = o.params ? byCase?.[String(o.params.case)] : undefined;
  return text ? text(o.params) : o.description;
}

/** An error message or hint (by code) in the current language; English where the catalogue lacks it. */
export function tm(m: Msg): string {
  return renderMsg(m, CATALOGUES[current]?.errors as Parameters<typeof renderMsg>[1]);
}

/**
 * Why a source failed, by its English line. Results keep only that line (`sources_failed[].error`, the same
 * JSON in every language); the reader notes the line's message here so the terminal and reports print it in
 * the run's language.
 */
const REASONS = new Map<string, Msg>();

export function noteReason(english: string, reason: Msg): void {
  // English prints the English line itself: nothing to keep (and a long-running MCP server, always English,
  // would otherwise keep every distinct reason it ever met).
  if (current === 'en') return;
  REASONS.set(english, reason);
}

/** A failed source's reason in the current language (its English line when it has no message code). */
export function reasonText(english: string): string {
  const m = REASONS.get(english);
  return m ? tm(m) : english;
}
