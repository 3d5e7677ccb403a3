/**
 * JSON text of a tool result, equal to JSON.stringify's, with the text of each deep-frozen part (what calls on the
 * same cached snapshot share: src/util/memo.ts) written once and reused by every result that holds it. A summary
 * on 12 nodes is mostly such parts (namespaces, nodes, metrics info); the call's own keys are written each time.
 */
import { derived } from '../util/memo.js';

export function jsonText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return derived(value, 'json', () => compose(value));
}

function compose(v: object): string {
  const proto = Object.getPrototypeOf(v);
  const plain = Array.isArray(v) || proto === Object.prototype || proto === null;
  // toJSON (a Date) and class instances: JSON.stringify's own rules.
  if (!plain || typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out += `${i > 0 ? ',' : ''}${skipped(x) ? 'null' : jsonText(x)}`;
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k of Object.keys(v)) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (skipped(x)) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${jsonText(x)}`;
    first = false;
  }
  return `${out}}`;
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function skipped(x: unknown): boolean {
  return x === undefined || typeof x === 'function' || typeof x === 'symbol';
}
