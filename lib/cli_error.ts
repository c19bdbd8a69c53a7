/**
 * The error a script reports as one line and an exit code.
 *
 * @module
 */

/**
 * An error meant for the person running a script: {@linkcode runMain} prints
 * its message as one line (on stderr, or stdout for exit code 0) and exits
 * with its code, instead of a stack trace.
 *
 * @example A usage error
 * ```ts
 * import { CliError } from "./cli_error.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const error = new CliError("Invalid port \"x\": expected a whole number from 0 to 65535", 2);
 * assertEquals(error.exitCode, 2);
 * ```
 */
export class CliError extends Error {
  /** The process exit code: 0 for help text, 1 for a failure, 2 for bad usage. */
  readonly exitCode: number;

  /**
   * @param message One line for the user, in sentence case, no final period.
   * @param exitCode The exit code, 1 by default.
   * @param options The underlying error as `cause`, if any.
   */
  constructor(message: string, exitCode = 1, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
