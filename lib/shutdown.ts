/**
 * Ending a server cleanly on Ctrl+C or SIGTERM.
 *
 * @module
 */
import { onStopSignal, type StopSignal } from "./stop_signals.ts";

/** Anything that can be closed, such as a socket. */
export interface Closable {
  /** Closes it; called at most once by {@linkcode closeOnShutdown}. */
  close(): void;
}

/** What {@linkcode closeOnShutdown} returns. */
export interface ShutdownGuard extends Disposable {
  /** The signal that closed the resource, or `undefined` if none came. */
  readonly signal: StopSignal | undefined;
  /**
   * Resolves with the signal when one comes: race it against any wait that
   * a signal must cut short, such as a write to a stdout nobody reads.
   */
  readonly stopped: Promise<StopSignal>;
  /** Closes the resource now, if nothing closed it yet: never twice. */
  close(): void;
}

/**
 * Closes `resource` when the process gets SIGINT (Ctrl+C) or SIGTERM
 * (through {@linkcode onStopSignal}), instead of letting the signal kill the
 * process: a loop receiving on the resource then ends and the script can
 * print its closing line and exit with code 0, where Python dies with a
 * `KeyboardInterrupt` traceback. Disposing the guard stops listening (so the
 * process can exit) and closes the resource if nothing did; the resource is
 * closed once, whoever asks first.
 *
 * @example Close a socket at the end of a scope, once
 * ```ts
 * import { closeOnShutdown } from "./shutdown.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * let closed = 0;
 * {
 *   using guard = closeOnShutdown({ close: () => closed++ });
 *   assertEquals(guard.signal, undefined); // no Ctrl+C yet
 *   guard.close(); // such as a server stopping on its own
 * }
 * assertEquals(closed, 1);
 * ```
 *
 * @param resource What to close, such as a `Deno.DatagramConn`.
 * @returns A guard to dispose (with `using`) when the resource's work is done.
 */
export function closeOnShutdown(resource: Closable): ShutdownGuard {
  let closed = false;
  let received: StopSignal | undefined;
  let stop: (signal: StopSignal) => void;
  const stopped = new Promise<StopSignal>((resolve) => stop = resolve);
  const close = () => {
    if (closed) return;
    closed = true;
    resource.close();
  };
  const listening = onStopSignal((signal) => {
    received ??= signal;
    stop(signal);
    close();
    return "handled";
  });
  return {
    get signal() {
      return received;
    },
    stopped,
    close,
    [Symbol.dispose]() {
      listening[Symbol.dispose]();
      close();
    },
  };
}
