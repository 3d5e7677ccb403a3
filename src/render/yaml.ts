/**
 * `-o yaml`: the JSON result as YAML, with the same values (a control character in a label is escaped by YAML's
 * own double-quoted escapes, not replaced by the `\xHH` text terminal output shows) and read the same by YAML 1.1
 * parsers (PyYAML, go-yaml v2): strings such as `on`, `no` or a timestamp are quoted, not left to become booleans
 * and dates there.
 */

/** C0 controls but tab and newline, DEL and C1 (U+009B is CSI): double-quoted, and never written raw. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

export async function toYaml(result: unknown): Promise<string> {
  const { Document, visit } = await import('yaml');
  const doc = new Document(JSON.parse(JSON.stringify(result)), { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && CONTROL.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // The library writes DEL and C1 as they are inside double quotes: \xHH is their YAML escape there.
  return doc
    .toString({ lineWidth: 0 })
    .replace(/[\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
