/**
 * Small inline SVG charts for the HTML report: no script, no external font, fixed viewBox so
 * they scale in a browser, print, and show in mail clients that render SVG.
 */

export function esc(s: string | number): string {
  return String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Shortest decimal text for an axis label. */
function label(n: number): string {
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : n.toFixed(2);
}

const FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="11"';

export interface Band {
  /** Start and end on the x axis (data units; end may exceed the domain: it wraps). */
  from: number;
  to: number;
  label: string;
  cls: string;
}

export interface LineChartOptions {
  title: string;
  /** x labels shown under the axis, by index. */
  xLabels: string[];
  /** Show every n-th x label. */
  xLabelEvery?: number;
  unit: string;
  bands?: Band[];
  /** A vertical marker (data x) with its label. */
  marker?: { x: number; label: string };
  /** Draw points as bars instead of a line. */
  bars?: boolean;
  cls?: string;
  width?: number;
  height?: number;
  /** Hour-of-day curves have 24 slots (x in [0, 24)); others place n points edge to edge. */
  slots?: number;
  /** The values' possible range (a percentage: [0, 100]): the padded axis never reaches past it. */
  range?: [number, number];
}

/** A line (or bar) chart of one series, with optional shaded bands and a marker. */
export function lineChart(values: number[], o: LineChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 220;
  const m = { l: 48, r: 22, t: 24, b: 30 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const lo = o.bars ? 0 : Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  const min = o.bars ? 0 : Math.max(o.range?.[0] ?? -Infinity, lo - span * 0.1);
  const max = Math.min(o.range?.[1] ?? Infinity, hi + span * 0.1);
  const slots = o.slots ?? (o.bars ? values.length : Math.max(1, values.length - 1));
  const xAt = (x: number) => m.l + (x / slots) * pw;
  const xOf = (i: number) => (o.slots || o.bars ? xAt(i + 0.5) : xAt(i));
  const yOf = (v: number) => m.t + ph - ((v - min) / (max - min)) * ph;
  const parts: string[] = [
    `<svg class="chart ${o.cls ?? ''}" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" ${FONT}>`,
    `<title>${esc(o.title)}</title>`,
    `<text x="${m.l}" y="14" font-weight="600" fill="#1f2933">${esc(o.title)}</text>`,
  ];
  for (const b of o.bands ?? []) {
    // A band past the end of the domain wraps to its start (a window over midnight).
    const pieces: [number, number][] =
      b.to > slots
        ? [
            [b.from, slots],
            [0, b.to - slots],
          ]
        : [[b.from, b.to]];
    for (const [a, z] of pieces) {
      parts.push(
        `<rect class="band ${b.cls}" x="${xAt(a).toFixed(1)}" y="${m.t}" width="${(xAt(z) - xAt(a)).toFixed(1)}" height="${ph}" fill="#c7f0d2"><title>${esc(b.label)}</title></rect>`,
      );
    }
    parts.push(
      `<text class="band-label" x="${(xAt(b.from) + 3).toFixed(1)}" y="${m.t + 12}" fill="#1d6b35">${esc(b.label)}</text>`,
    );
  }
  // Bars start at 0: ticks at 0, half and the tallest bar; a line: inside its padded range.
  const ticks = o.bars
    ? [0, hi / 2, hi]
    : [min + (max - min) * 0.1, (min + max) / 2, max - (max - min) * 0.1];
  for (const t of ticks) {
    const y = yOf(t).toFixed(1);
    parts.push(
      `<line x1="${m.l}" x2="${W - m.r}" y1="${y}" y2="${y}" stroke="#e4e7eb"/>`,
      `<text x="${m.l - 4}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#52606d">${label(t)}</text>`,
    );
  }
  parts.push(
    `<text x="4" y="${m.t + ph / 2}" fill="#52606d" transform="rotate(-90 10 ${m.t + ph / 2})" text-anchor="middle">${esc(o.unit)}</text>`,
  );
  const every = o.xLabelEvery ?? 1;
  o.xLabels.forEach((l, i) => {
    if (i % every !== 0) return;
    const x = o.slots ? xAt(i) : xOf(i);
    parts.push(
      `<text x="${x.toFixed(1)}" y="${H - 10}" text-anchor="middle" fill="#52606d">${esc(l)}</text>`,
    );
  });
  if (o.bars) {
    const bw = Math.max(2, (pw / values.length) * 0.7);
    values.forEach((v, i) => {
      parts.push(
        `<rect class="bar" x="${(xOf(i) - bw / 2).toFixed(1)}" y="${yOf(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(m.t + ph - yOf(v)).toFixed(1)}" fill="#3e7cb1"><title>${esc(`${o.xLabels[i] ?? i}: ${label(v)} ${o.unit}`)}</title></rect>`,
      );
    });
  } else {
    const pts = values.map((v, i) => `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="series" points="${pts}" fill="none" stroke="#3e7cb1" stroke-width="2"/>`);
    values.forEach((v, i) => {
      parts.push(
        `<circle class="point" cx="${xOf(i).toFixed(1)}" cy="${yOf(v).toFixed(1)}" r="2.5" fill="#3e7cb1"><title>${esc(`${o.xLabels[i] ?? i}: ${label(v)} ${o.unit}`)}</title></circle>`,
      );
    });
  }
  if (o.marker) {
    const x = xAt(o.marker.x).toFixed(1);
    parts.push(
      `<line class="marker" x1="${x}" x2="${x}" y1="${m.t}" y2="${m.t + ph}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${m.t - 3}" text-anchor="middle" fill="#c0392b">${esc(o.marker.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, one per row, labelled, scaled to the largest value. */
export function hbarChart(rows: { label: string; value: number; text: string }[], title: string): string {
  const W = 640;
  const rowH = 22;
  const labelW = 170;
  const textW = 120;
  const H = 24 + rows.length * rowH + 6;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const pw = W - labelW - textW - 12;
  const parts = [
    `<svg class="chart hbar" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg" ${FONT}>`,
    `<title>${esc(title)}</title>`,
    `<text x="0" y="14" font-weight="600" fill="#1f2933">${esc(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = 24 + i * rowH;
    const w = Math.max(1, (r.value / max) * pw);
    const name = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    parts.push(
      `<text x="${labelW - 6}" y="${y + 11}" text-anchor="end" dominant-baseline="middle" fill="#1f2933">${esc(name)}</text>`,
      `<rect class="bar" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#3e7cb1"><title>${esc(`${r.label}: ${r.text}`)}</title></rect>`,
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 11}" dominant-baseline="middle" fill="#52606d">${esc(r.text)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
