/** The terminal's width, shared by tables (src/render) and --help (src/cli) without loading either. */

/** The width tables fit: the terminal's columns on a TTY, else COLUMNS when set, else none (a pipe, a file). */
export function terminalWidth(
  stdout: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv,
): number | undefined {
  const cols = Number(env.COLUMNS);
  if (Number.isInteger(cols) && cols >= 40) return cols;
  if (stdout.isTTY && stdout.columns && stdout.columns >= 40) return stdout.columns;
  return undefined;
}
