/**
 * A minimal renderer for the subset of Helm's Go templates that deploy/helm/kcarbon uses, so the tests can
 * render the chart without helm (no npm package renders Go templates with Helm's functions). Supported:
 * `{{ .Values.a.b }}`, `.Release.Name`, `.Release.Namespace`, `.Chart.*`, `.` inside range; trim markers
 * `{{-` / `-}}`; `if` / `else` / `end` (with `not`), `range` / `end`; and the functions `quote`, `toJson`,
 * `toYaml`, `nindent`, `not`, in call or pipeline form. Anything else throws, so the chart cannot drift into
 * template features this renderer (and so the test) does not understand. A value path that does not exist
 * throws too, except as an `if` condition (Helm would print nothing; a typo should fail here).
 */
import { stringify } from 'yaml';

export interface TemplateContext {
  Values: Record<string, unknown>;
  Release: { Name: string; Namespace: string };
  Chart: Record<string, unknown>;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; expr: string }
  | { kind: 'if'; cond: string; yes: Node[]; no: Node[] }
  | { kind: 'range'; expr: string; body: Node[] };

type Token = { kind: 'text'; text: string } | { kind: 'action'; body: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    let text = src.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1] === '-') text = text.replace(/\s+$/, '');
    tokens.push({ kind: 'text', text });
    tokens.push({ kind: 'action', body: m[2]! });
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  let rest = src.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  tokens.push({ kind: 'text', text: rest });
  return tokens;
}

function parse(tokens: Token[]): Node[] {
  let i = 0;
  const block = (ends: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.kind === 'text') {
        if (t.text) nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const body = t.body;
      if (body.startsWith('/*')) continue; // comment
      const word = /^(\w+)\b\s*(.*)$/s.exec(body);
      const keyword = word?.[1];
      if (keyword !== undefined && ends.includes(keyword)) return { nodes, end: keyword };
      if (keyword === 'if') {
        const then = block(['else', 'end']);
        const otherwise = then.end === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'if', cond: word![2]!, yes: then.nodes, no: otherwise });
      } else if (keyword === 'range') {
        nodes.push({ kind: 'range', expr: word![2]!, body: block(['end']).nodes });
      } else if (
        keyword !== undefined &&
        ['with', 'define', 'template', 'block', 'include'].includes(keyword)
      ) {
        throw new Error(`unsupported template action: {{ ${body} }}`);
      } else {
        nodes.push({ kind: 'output', expr: body });
      }
    }
    if (ends.length > 0) throw new Error(`missing {{ end }} (expected one of ${ends.join(', ')})`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

const MISSING = Symbol('missing');

function lookup(path: string, ctx: TemplateContext, dot: unknown): unknown {
  if (path === '.') return dot;
  const parts = path.slice(1).split('.');
  let value: unknown = parts[0] === 'Values' || parts[0] === 'Release' || parts[0] === 'Chart' ? ctx : dot;
  for (const p of parts) {
    if (value === null || typeof value !== 'object' || !(p in value)) return MISSING;
    value = (value as Record<string, unknown>)[p];
  }
  return value;
}

function truthy(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  quote: (v) => JSON.stringify(String(v)),
  toJson: (v) => JSON.stringify(v),
  toYaml: (v) => stringify(v).replace(/\n$/, ''),
  nindent: (n, s) => `\n${String(s).replace(/^/gm, ' '.repeat(Number(n)))}`,
  not: (v) => !truthy(v),
};

function operand(word: string, ctx: TemplateContext, dot: unknown, lenient: boolean): unknown {
  if (/^-?\d+$/.test(word)) return Number(word);
  if (/^"([^"\\]|\\.)*"$/.test(word)) return JSON.parse(word);
  if (word.startsWith('.')) {
    const v = lookup(word, ctx, dot);
    if (v === MISSING && !lenient) throw new Error(`no value at ${word}`);
    return v;
  }
  throw new Error(`unsupported operand ${word}`);
}

/** A pipeline: `fn a b | fn2 c` where the previous result is the last argument. */
function evaluate(expr: string, ctx: TemplateContext, dot: unknown, lenient = false): unknown {
  let result: unknown;
  let first = true;
  for (const stage of expr.split('|').map((s) => s.trim())) {
    const words = stage.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    const [head, ...rest] = words;
    if (head === undefined) throw new Error(`empty pipeline stage in ${expr}`);
    const fn = FUNCTIONS[head];
    if (fn) {
      const args = rest.map((w) => operand(w, ctx, dot, lenient || head === 'not'));
      result = fn(...(first ? args : [...args, result]));
    } else if (first && rest.length === 0) {
      result = operand(head, ctx, dot, lenient);
    } else {
      throw new Error(`unsupported function ${head} in {{ ${expr} }}`);
    }
    first = false;
  }
  return result;
}

function print(v: unknown): string {
  if (v === MISSING || v === undefined || v === null) return '';
  if (typeof v === 'object')
    throw new Error(`cannot print an object directly: ${JSON.stringify(v)} (use toYaml)`);
  return String(v);
}

function run(nodes: Node[], ctx: TemplateContext, dot: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'output') out += print(evaluate(n.expr, ctx, dot));
    else if (n.kind === 'if') out += run(truthy(evaluate(n.cond, ctx, dot, true)) ? n.yes : n.no, ctx, dot);
    else {
      const list = evaluate(n.expr, ctx, dot, true);
      if (list === MISSING || list === null || list === undefined) continue;
      if (!Array.isArray(list)) throw new Error(`range over a non-list: ${n.expr}`);
      for (const item of list) out += run(n.body, ctx, item);
    }
  }
  return out;
}

export function renderTemplate(src: string, ctx: TemplateContext): string {
  return run(parse(tokenize(src)), ctx, ctx);
}
