/**
 * MCP requests over HTTP take turns on the event loop: once its body is read, each is handled in a loop iteration
 * of its own (setImmediate), so between two requests Node reads its sockets again. Under a burst of tool calls
 * `/healthz` (answered before any MCP routing) then waits for one request's work, not for every request that
 * arrived with it. The work per request is unchanged.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

/** Resolves when it is this caller's turn (first come, first served; one turn per loop iteration). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(giveTurn);
    }
  });
}

function giveTurn(): void {
  // The caller's continuation runs in this callback's microtasks; the next caller's turn in the next iteration.
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(giveTurn);
  else scheduled = false;
}
