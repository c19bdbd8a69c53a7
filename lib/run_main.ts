/**
 * The entry point wrapper every script ends with.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";

/**
 * Runs a script's `main()`. A {@linkcode CliError} becomes its one line and
 * its exit code; any other error is a bug and propagates with its stack.
 *
 * @example Run a main function
 * ```ts
 * import { runMain } from "./run_main.ts";
 *
 * await runMain(async () => {
 *   await Promise.resolve();
 * });
 * ```
 *
 * @param main The script's body.
 */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.exitCode === 0) console.log(error.message);
    else console.error(error.message);
    Deno.exit(error.exitCode);
  }
}
