/**
 * JSON text of a tool result, equal to JSON.stringify's, with the text of each deep-frozen part (what calls on the
 * same cached snapshot share: src/util/memo.ts) written once and reused by every result that holds it. A summary
 * on 12 nodes is mostly such parts (namespaces, nodes, metrics info); the call's own keys are written each time.
 *
 * Each text comes with its escaped form (`escaped`: JSON.stringify(raw) without its quotes), which the answer's
 * text content needs: escaping works character by character and no part splits a string literal, so the escaped
 * form of a whole is the escaped forms of its parts in order, each shared part's escaped once too.
 */
import { derived, isShared } from '../util/memo.js';

export interface JsonText {
  /** JSON.stringify(value) */
  raw: string;
  /** JSON.stringify(raw).slice(1, -1): the raw text inside a JSON string literal. */
  escaped: string;
}

/** JSON.stringify(value), reusing the text of shared parts. */
export function jsonText(value: unknown): string {
  return jsonTexts(value).raw;
}

/** The JSON text of `value` (as JSON.stringify writes it) and its escaped form, reusing those of shared parts. */
export function jsonTexts(value: unknown): JsonText {
  if (value === null || typeof value !== 'object') return primitive(value);
  return derived(value, 'json', () => compose(value));
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return (
    (Array.isArray(v) || proto === Object.prototype || proto === null) &&
    typeof (v as { toJSON?: unknown }).toJSON !== 'function'
  );
}

function whole(v: object): JsonText {
  const raw = JSON.stringify(v);
  return { raw, escaped: raw === undefined ? raw : escapedText(raw) };
}

function primitive(x: unknown): JsonText {
  const raw = JSON.stringify(x);
  // Numbers, booleans and null need no escaping inside a string literal; a string's quotes (at least) do.
  return { raw, escaped: typeof x === 'string' ? escapedText(raw) : raw };
}

const escapedText = (raw: string): string => JSON.stringify(raw).slice(1, -1);

function compose(v: object): JsonText {
  // toJSON (a Date) and class instances: JSON.stringify's own rules.
  if (!isPlain(v)) return whole(v);
  const raw: string[] = [];
  const escaped: string[] = [];
  let open = '{';
  let close = '}';
  if (Array.isArray(v)) {
    // A list with no shared element (a call's own rows, thousands on a big cluster): JSON.stringify's, in one go.
    if (!v.some(isShared)) return whole(v);
    open = '[';
    close = ']';
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      let t = skipped(x) ? NULL : jsonTexts(x);
      if (t.raw === undefined) t = NULL; // a toJSON that gave nothing: null in an array
      raw.push(t.raw);
      escaped.push(t.escaped);
    }
  } else {
    for (const k of Object.keys(v)) {
      const x: unknown = (v as Record<string, unknown>)[k];
      if (skipped(x)) continue;
      const t = jsonTexts(x);
      if (t.raw === undefined) continue; // a toJSON that gave nothing: the key is left out
      const key = keyText(k);
      raw.push(key.raw + t.raw);
      escaped.push(key.escaped + t.escaped);
    }
  }
  // A shared text is copied into every answer that holds it: joined into one flat string, once. A string built
  // by + is a tree of its pieces, which each copy walks: right for a call's own text, copied once into its answer
  // (json-answers.ts), never flattened on its own.
  if (isShared(v)) return { raw: open + raw.join(',') + close, escaped: open + escaped.join(',') + close };
  return { raw: open + pieces(raw) + close, escaped: open + pieces(escaped) + close };
}

/** The pieces separated by commas, as a tree of strings (no copy). */
function pieces(list: string[]): string {
  let out = list.length > 0 ? list[0]! : '';
  for (let i = 1; i < list.length; i++) out = `${out},${list[i]}`;
  return out;
}

const NULL: JsonText = { raw: 'null', escaped: 'null' };

/** `"key":` and its escaped form, per key name (field names repeat in every result). */
function keyText(k: string): JsonText {
  let t = keys.get(k);
  if (!t) {
    const raw = `${JSON.stringify(k)}:`;
    t = { raw, escaped: escapedText(raw) };
    if (keys.size >= 10_000) keys.clear();
    keys.set(k, t);
  }
  return t;
}
const keys = new Map<string, JsonText>();

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function skipped(x: unknown): boolean {
  return x === undefined || typeof x === 'function' || typeof x === 'symbol';
}
