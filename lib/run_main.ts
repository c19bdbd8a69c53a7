/**
 * The entry point wrapper every script ends with.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { onStopSignal } from "./stop_signals.ts";

/**
 * Runs a script's `main()`. A {@linkcode CliError} becomes its one line and
 * its exit code; any other error is a bug and propagates with its stack.
 * From the start, Ctrl+C and SIGTERM go through `onStopSignal()`: a signal
 * nothing else handles ends the process with its exit code (130, 143), on a
 * fresh line when stderr is a terminal.
 *
 * @example A failure becomes one line and an exit code
 * ```ts
 * import { runMain } from "./run_main.ts";
 * import { CliError } from "./cli_error.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const lines: string[] = [];
 * let code: number | undefined;
 * await runMain(() => Promise.reject(new CliError("Cannot connect to 127.0.0.1:8080", 1)), {
 *   exit: (exitCode) => code = exitCode,
 *   error: (line) => lines.push(line),
 * });
 * assertEquals([lines, code], [["Cannot connect to 127.0.0.1:8080"], 1]);
 * ```
 *
 * @param main The script's body.
 * @param io Where the line goes and how the process exits; stderr and `Deno.exit` by default.
 */
export async function runMain(
  main: () => Promise<void>,
  io: { exit?: (code: number) => void; error?: (line: string) => void } = {},
): Promise<void> {
  const { exit = Deno.exit, error: printError = console.error } = io;
  using _signals = onStopSignal(() => {}); // nothing more: the signal's own exit code
  try {
    await main();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.exitCode === 0) console.log(error.message);
    else printError(error.message);
    exit(error.exitCode);
  }
}
