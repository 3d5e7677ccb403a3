/**
 * Rows by a number, highest first, without a JavaScript comparator per comparison and without a Map keyed by
 * doubles: a command ranks some 11,000 pods once in a process that lives a quarter of a second, so the ranking
 * runs as cold code (the interpreter), where each comparator call, each boxed double and each Map entry counts.
 *
 * How: a non-negative finite double's bits, read as an unsigned integer, order like the double. Each row gets a
 * key whose high 32 bits are its value's (sign, exponent, top 20 bits of mantissa) and whose low 32 bits are the
 * row's position, so one native Float64Array sort orders the rows by value, and rows whose values share those
 * high bits (equal or within about one part in a million) by position. Only such runs meet the comparator, which
 * orders them by value and tie-break. Everything in the loops is a small integer: nothing is boxed.
 */

/** A Float64Array's high words (sign, exponent, top of mantissa) are its odd Uint32 elements on a little-endian host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;
/** The high word of +Infinity: at or above it a double is Infinity, NaN or negative (sign bit set). */
const NOT_FINITE_OR_NEGATIVE = 0x7ff00000;

/**
 * `rows` (indices into `values`) ordered by `values[row]`, highest first; rows of equal value by `tie(a, b)`
 * (a negative number puts `a` first), then in their order in `rows`: the order of a stable sort by
 * (-value, tie). A new array; `rows` is not changed. Values are expected finite and non-negative (power, energy);
 * any other value (NaN, infinite, negative, -0) sends the whole call to a plain comparator sort.
 */
export function orderDesc(
  values: Float64Array,
  rows: Uint32Array,
  tie: (a: number, b: number) => number,
): Uint32Array {
  const n = rows.length;
  const byValue = (a: number, b: number) => values[b]! - values[a]! || tie(a, b);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const keys = new Float64Array(n);
  const keyBits = new Uint32Array(keys.buffer);
  for (let k = 0; k < n; k++) {
    const row = rows[k]!;
    const hi = bits[2 * row + HI]!;
    // (-0 is 0x80000000 00000000: its high word says negative, though it equals 0; it takes the plain path too.)
    if (hi >= NOT_FINITE_OR_NEGATIVE) return Uint32Array.from(rows).sort(byValue);
    keyBits[2 * k + HI] = hi;
    keyBits[2 * k + LO] = k;
  }
  // Ascending: walked from the end for highest first. Keys are finite non-negative doubles (zero or subnormal
  // where the high word is 0), so the native numeric sort orders them by their bits.
  keys.sort();
  const out = new Uint32Array(n);
  let o = 0;
  for (let k = n - 1; k >= 0; ) {
    const hi = keyBits[2 * k + HI]!;
    let first = k;
    while (first > 0 && keyBits[2 * (first - 1) + HI] === hi) first--;
    if (first === k) {
      out[o++] = rows[keyBits[2 * k + LO]!]!;
    } else {
      // Keys first..k share their high bits: their rows in their order in `rows`, then sorted (stably).
      const run: number[] = [];
      for (let m = first; m <= k; m++) run.push(rows[keyBits[2 * m + LO]!]!);
      run.sort(byValue);
      for (const row of run) out[o++] = row;
    }
    k = first - 1;
  }
  return out;
}
