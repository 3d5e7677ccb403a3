/**
 * A value built on first use, then the same value each time. For module-level zod schemas that only some runs
 * need: a command's output schema is the MCP server's outputSchema (and tests'), which a CLI run never reads, and
 * zod builds each schema at a cost (the output schemas of a summary were ~5 ms of every run's start-up).
 */
export function once<T>(build: () => T): () => T {
  let value: T;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
