/**
 * Lets timers, sockets and other requests run between the chunks of a long piece of work. On
 * SQLite every query runs synchronously, so a loop of awaited queries alone never gives the event
 * loop a turn: a health recompute or a playbook run over a large book would hold every other
 * request until it ends (issue #16).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Yields once every `every` items of a loop (not before the first). */
export async function turnEvery(index: number, every: number): Promise<void> {
  if (index > 0 && index % every === 0) await yieldToEventLoop();
}
