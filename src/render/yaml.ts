/**
 * `-o yaml`: the JSON result as YAML, with the same values (a control character in a label is escaped by YAML's
 * own double-quoted escapes, not replaced by the `\xHH` text terminal output shows) and read the same by YAML 1.1
 * parsers (PyYAML, go-yaml v2): strings such as `on`, `no` or a timestamp are quoted, not left to become booleans
 * and dates there.
 */

/**
 * C0 controls but tab and newline, DEL and C1 (U+009B is CSI), and the line and paragraph separators (YAML 1.1
 * breaks lines at them): double-quoted, and never written raw.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/;
/** A plain scalar YAML 1.1 reads as something else: the value key (the merge key `<<`: see toYaml). */
const SPECIAL = new Set(['=']);

export async function toYaml(result: unknown): Promise<string> {
  const { Document, visit } = await import('yaml');
  const doc = new Document(JSON.parse(JSON.stringify(result)), { version: '1.1' });
  // The library writes `<<` plain whatever the node's type: it goes in as a token no data can hold (a NUL and a
  // random nonce, double-quoted as any control) and comes out as "<<".
  const nonce = `\u0000${Math.random().toString(36).slice(2)}\u0000`;
  let merges = false;
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      let value = node.value;
      if (value === '<<') {
        value = nonce;
        node.value = value;
        merges = true;
      }
      if (CONTROL.test(value) || SPECIAL.has(value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // The library writes DEL, C1 and the separators as they are inside double quotes: \xHH, \L and \P are their
  // YAML escapes there.
  let text = doc.toString({ lineWidth: 0 });
  if (merges) text = text.replaceAll(JSON.stringify(nonce).replaceAll('\\u0000', '\\0'), '"<<"');
  return text.replace(/[\x7f-\x9f\u2028\u2029]/g, (c) =>
    c === '\u2028' ? '\\L' : c === '\u2029' ? '\\P' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
