/**
 * The one signal mechanism of every program: Ctrl+C, SIGTERM (Ctrl+Break on
 * Windows, where Deno refuses SIGTERM) and what each program does on them.
 *
 * @module
 */

/** A signal that asks a program to stop. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGBREAK";

/** The signals that ask a program to stop on this OS: Ctrl+C, and `kill`'s default (Ctrl+Break on Windows). */
export const STOP_SIGNALS: readonly StopSignal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM"];

/** The exit code of a program a signal ended: 128 + the signal's number, as a shell reports it. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGBREAK: 149,
};

/**
 * What a program's user calls a signal, for lines such as "Stopped by Ctrl+C".
 *
 * @example Name the signals
 * ```ts
 * import { signalName } from "./stop_signals.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(signalName("SIGINT"), "Ctrl+C");
 * assertEquals(signalName("SIGTERM"), "SIGTERM");
 * ```
 *
 * @param signal The signal.
 * @returns "Ctrl+C", "SIGTERM" or "Ctrl+Break".
 */
export function signalName(signal: StopSignal): string {
  return signal === "SIGINT" ? "Ctrl+C" : signal === "SIGBREAK" ? "Ctrl+Break" : signal;
}

/**
 * Told of a stop signal. Returning `"handled"` says that the program stops
 * by itself (a keep-open server closing its clients); `"exit"` ends the
 * process with the signal's exit code once every handler has run, and so
 * does a signal that no handler handled (the signal's default action, on a
 * fresh line).
 */
export type StopHandler = (signal: StopSignal) => "exit" | "handled" | void;

const handlers = new Set<StopHandler>();
const listeners = new Map<StopSignal, () => void>();

function dispatch(signal: StopSignal): void {
  // The terminal echoed ^C on the current line: end it, so that no line (and
  // no shell prompt after the exit) is glued to it.
  if (signal !== "SIGTERM" && Deno.stderr.isTerminal()) {
    Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  }
  let exit = false;
  let handled = false;
  for (const handler of [...handlers]) {
    const result = handler(signal);
    exit ||= result === "exit";
    handled ||= result === "handled";
  }
  if (exit || !handled) Deno.exit(SIGNAL_EXIT_CODES[signal]);
}

/**
 * Calls `handler` on each stop signal until the returned guard is disposed.
 * Every handler shares one listener per signal, and runs in the order they
 * were added; then, if any returned `"exit"` or none returned `"handled"`,
 * the process exits with the signal's code (130 for Ctrl+C, 143 for
 * SIGTERM). When stderr is a terminal, Ctrl+C first ends the line the
 * terminal echoed `^C` on. `runMain()` listens from the program's start, so
 * that a signal never finds the process between two handlers.
 *
 * @example Listen for the span of a scope
 * ```ts
 * import { onStopSignal, stopHandlerCount } from "./stop_signals.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * {
 *   using _stop = onStopSignal((signal) => {
 *     console.error(`Stopping on ${signal}`);
 *     return "handled"; // the program stops by itself
 *   });
 *   assertEquals(stopHandlerCount(), 1);
 * }
 * assertEquals(stopHandlerCount(), 0); // no listener keeps the process alive
 * ```
 *
 * @param handler What to do on the signal.
 * @returns What stops listening when disposed.
 */
export function onStopSignal(handler: StopHandler): Disposable {
  // a handler added twice must be removed once per call: wrap it
  const own: StopHandler = (signal) => handler(signal);
  handlers.add(own);
  if (listeners.size === 0) {
    for (const signal of STOP_SIGNALS) {
      const listener = () => dispatch(signal);
      Deno.addSignalListener(signal, listener);
      listeners.set(signal, listener);
    }
  }
  return {
    [Symbol.dispose]() {
      if (!handlers.delete(own) || handlers.size > 0) return;
      for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
      listeners.clear();
    },
  };
}

/**
 * How many handlers {@linkcode onStopSignal} holds now: 0 once every guard
 * is disposed.
 *
 * @example None at the start
 * ```ts
 * import { stopHandlerCount } from "./stop_signals.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(stopHandlerCount(), 0);
 * ```
 *
 * @returns The count.
 */
export function stopHandlerCount(): number {
  return handlers.size;
}
