/**
 * Ending a server cleanly on Ctrl+C or SIGTERM.
 *
 * @module
 */

/** The signals that ask a server to stop: Ctrl+C, and `kill`'s default. */
export const SHUTDOWN_SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM"];

/** Anything that can be closed, such as a socket. */
export interface Closable {
  /** Closes it; called at most once by {@linkcode closeOnShutdown}. */
  close(): void;
}

/** What {@linkcode closeOnShutdown} returns. */
export interface ShutdownGuard extends Disposable {
  /** The signal that closed the resource, or `undefined` if none came. */
  readonly signal: Deno.Signal | undefined;
  /**
   * Resolves with the signal when one comes: race it against any wait that
   * a signal must cut short, such as a write to a stdout nobody reads.
   */
  readonly stopped: Promise<Deno.Signal>;
}

/**
 * Closes `resource` when the process gets SIGINT (Ctrl+C) or SIGTERM, instead
 * of letting the signal kill the process: a loop receiving on the resource
 * then ends and the script can print its closing line and exit with code 0,
 * where Python dies with a `KeyboardInterrupt` traceback. Disposing the guard
 * removes the signal listeners (so the process can exit) and closes the
 * resource if no signal did.
 *
 * @example Close a socket at the end of a scope
 * ```ts
 * import { closeOnShutdown } from "./shutdown.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * let closed = 0;
 * {
 *   using guard = closeOnShutdown({ close: () => closed++ });
 *   assertEquals(guard.signal, undefined); // no Ctrl+C yet
 * }
 * assertEquals(closed, 1);
 * ```
 *
 * @param resource What to close, such as a `Deno.DatagramConn`.
 * @returns A guard to dispose (with `using`) when the resource's work is done.
 */
export function closeOnShutdown(resource: Closable): ShutdownGuard {
  let closed = false;
  let received: Deno.Signal | undefined;
  let stop: (signal: Deno.Signal) => void;
  const stopped = new Promise<Deno.Signal>((resolve) => stop = resolve);
  const close = () => {
    if (closed) return;
    closed = true;
    resource.close();
  };
  const handlers = SHUTDOWN_SIGNALS.map((signal) => {
    const handler = () => {
      received ??= signal;
      stop(signal);
      close();
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get signal() {
      return received;
    },
    stopped,
    [Symbol.dispose]() {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
      close();
    },
  };
}
