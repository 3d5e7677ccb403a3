/**
 * Terminal safety: text that came from outside (exporter label values, arguments, file names, server
 * messages) may hold control characters such as ESC (`\x1b[2J` clears the screen). They are shown escaped
 * as `\xHH`, never written raw.
 */

// C0 controls except newline and tab, DEL, and C1 controls (0x80-0x9f, e.g. CSI 0x9b).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const CONTROL_ALL = /[\x00-\x1f\x7f-\x9f]/g;

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `s` with control characters shown as `\xHH`; newlines and tabs kept unless `oneLine`. */
export function escapeControl(s: string, oneLine = false): string {
  return s.replace(oneLine ? CONTROL_ALL : CONTROL, hex);
}

/** A deep copy of a JSON-like value with every string (keys included) passed through escapeControl(·, true). */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControl(value, true) as T;
  if (Array.isArray(value)) return value.map((v) => escapeStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeControl(k, true)] = escapeStrings(v);
    return out as T;
  }
  return value;
}

/** A writable that escapes control characters (keeping newlines) in everything written to it. */
export function escapingWriter<W extends { write(text: string): unknown }>(stream: W): W {
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean)(
            typeof chunk === 'string' ? escapeControl(chunk) : chunk,
            ...rest,
          );
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/**
 * JSON text with DEL and C1 controls (which JSON.stringify leaves raw, and some terminals act on: U+009B is
 * CSI) written as \u escapes. The parsed value is unchanged.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
