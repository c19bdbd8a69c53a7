/**
 * The keep-open servers' accept loop.
 *
 * @module
 */

/** What {@linkcode acceptEach} accepts from: a TCP listener. */
export interface Acceptor<C> {
  accept(): Promise<C>;
}

/**
 * `for await (const conn of listener)`, for a server that must outlive a
 * failed `accept()`: yields each connection, and ends once the listener is
 * closed. A connection its client reset while it waited in the queue (Deno's
 * `accept()` then fails with `NotConnected`) is dropped quietly, at once: it
 * costs nothing. Any other failure (such as "Too many open files" when
 * descriptors run out) is passed to `onError`, once per run of failures, and
 * `accept()` is tried again every `retryMs` until it succeeds; the clients
 * already connected are served meanwhile.
 *
 * @example Accept until the listener closes
 * ```ts
 * import { acceptEach } from "./accept_each.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const reset = new Error("Transport endpoint is not connected (os error 107)");
 * reset.name = "NotConnected"; // as Deno names it
 * const results: (string | Error)[] = ["a", reset, new Error("Too many open files (os error 24)"), "b"];
 * const listener = {
 *   accept(): Promise<string> {
 *     const next = results.shift();
 *     if (next === undefined) return Promise.reject(new Deno.errors.BadResource("closed"));
 *     return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
 *   },
 * };
 * const errors: string[] = [];
 * const accepted: string[] = [];
 * for await (const conn of acceptEach(listener, (e) => errors.push(String(e)), 1)) {
 *   accepted.push(conn);
 * }
 * assertEquals(accepted, ["a", "b"]);
 * assertEquals(errors, ["Error: Too many open files (os error 24)"]); // the reset: not a word
 * ```
 *
 * @param listener What to accept from.
 * @param onError Told of the first failure of each run of failures.
 * @param retryMs How long to wait before trying again after a failure.
 */
export async function* acceptEach<C>(
  listener: Acceptor<C>,
  onError: (error: unknown) => void,
  retryMs = 100,
): AsyncIterableIterator<C> {
  let failing = false;
  while (true) {
    let conn: C;
    try {
      conn = await listener.accept();
    } catch (error) {
      if (error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted) {
        return; // closed: Ctrl+C, SIGTERM, or the server stopping
      }
      if (isGoneBeforeAccept(error)) continue; // reset in the queue: the next one, at once
      if (!failing) onError(error);
      failing = true;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      continue;
    }
    failing = false;
    yield conn;
  }
}

/** The client reset or closed the connection before it was accepted: nothing to serve. */
function isGoneBeforeAccept(error: unknown): boolean {
  return error instanceof Error &&
    ["NotConnected", "ConnectionReset", "ConnectionAborted"].includes(error.name);
}
