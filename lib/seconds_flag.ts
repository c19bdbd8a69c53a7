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

/** How long a client waits for each reply unless `--timeout` says. */
export const DEFAULT_REPLY_TIMEOUT_SECONDS = 3;

/**
 * A client's `--timeout SECONDS` from the values `parseFlags` returned:
 * how long each reply may take, {@linkcode DEFAULT_REPLY_TIMEOUT_SECONDS}
 * when the flag is not given.
 *
 * @example Given and not given
 * ```ts
 * import { parseReplyTimeout } from "./seconds_flag.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(parseReplyTimeout({ timeout: "0.5" }), 0.5);
 * assertEquals(parseReplyTimeout({}), 3);
 * ```
 *
 * @param values The flag values.
 * @returns The seconds.
 * @throws {CliError} With exit code 2 for a value that is not a number of seconds.
 */
export function parseReplyTimeout(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): number {
  return parseSeconds(String(values.timeout ?? DEFAULT_REPLY_TIMEOUT_SECONDS), "timeout");
}
