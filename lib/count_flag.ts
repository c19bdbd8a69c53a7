/**
 * A flag given as a count, such as `--max-conns 100`.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";

/** The largest count accepted: far beyond any file-descriptor limit. */
const MAX_COUNT = 1_000_000;

/**
 * Parses a whole decimal number from 1 to 1,000,000.
 *
 * @example Valid and invalid counts
 * ```ts
 * import { parseCount } from "./count_flag.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parseCount("100", "max-conns"), 100);
 * assertThrows(() => parseCount("0", "max-conns"), {
 *   message: 'Invalid max-conns "0": expected a whole number from 1 to 1000000',
 * });
 * ```
 *
 * @param text The flag's value.
 * @param name The flag's name without dashes, for the error message.
 * @returns The count.
 * @throws {CliError} With exit code 2 if the text is not such a number.
 */
export function parseCount(text: string, name: string): number {
  const count = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= MAX_COUNT)) {
    throw new CliError(
      `Invalid ${name} "${text}": expected a whole number from 1 to ${MAX_COUNT}`,
      USAGE_EXIT_CODE,
    );
  }
  return count;
}
