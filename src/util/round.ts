/** Round for JSON output, so binary floats do not print as 0.30000000000000004. */
export function round(n: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
