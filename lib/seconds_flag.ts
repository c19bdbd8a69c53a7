/**
 * A flag given in seconds, such as `--timeout 2.5`.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";

/** The longest delay `setTimeout` honours: 2^31 - 1 ms, about 24.8 days. */
const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * Parses a number of seconds greater than 0, in decimal, with an optional
 * fraction (`3`, `0.5`, `.25`), up to about 24 days (`setTimeout`'s limit).
 *
 * @example Valid and invalid timeouts
 * ```ts
 * import { parseSeconds } from "./seconds_flag.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parseSeconds("0.5", "timeout"), 0.5);
 * assertThrows(() => parseSeconds("0", "timeout"), {
 *   message: 'Invalid timeout "0": expected a number of seconds greater than 0',
 * });
 * assertThrows(() => parseSeconds("-1", "timeout"), {
 *   message: 'Invalid timeout "-1": the value is negative',
 * });
 * ```
 *
 * @param text The flag's value.
 * @param name The flag's name without dashes, for the error message.
 * @returns The number of seconds.
 * @throws {CliError} With exit code 2 if the text is not such a number.
 */
export function parseSeconds(text: string, name: string): number {
  if (/^-\d|^-\.\d/.test(text)) {
    throw new CliError(`Invalid ${name} "${text}": the value is negative`, USAGE_EXIT_CODE);
  }
  const seconds = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
    const range = `greater than 0${seconds > MAX_SECONDS ? ` and at most ${MAX_SECONDS}` : ""}`;
    throw new CliError(
      `Invalid ${name} "${text}": expected a number of seconds ${range}`,
      USAGE_EXIT_CODE,
    );
  }
  return seconds;
}
