/**
 * The file sender's `--pause MS`: whole milliseconds from 0 to 99999.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";

/**
 * Parses a `--pause` value in whole milliseconds.
 *
 * @example Values and a bad one
 * ```ts
 * import { parsePause } from "./pause_flag.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parsePause("0"), 0);
 * assertEquals(parsePause("250"), 250);
 * assertThrows(() => parsePause("-5"), { message: 'Invalid pause "-5": the value is negative' });
 * ```
 *
 * @param text The value as given.
 * @returns The milliseconds.
 * @throws {CliError} With exit code 2 for anything else.
 */
export function parsePause(text: string): number {
  if (/^-\d/.test(text)) {
    throw new CliError(`Invalid pause "${text}": the value is negative`, USAGE_EXIT_CODE);
  }
  if (!/^\d{1,5}$/.test(text)) {
    throw new CliError(
      `Invalid pause "${text}": expected whole milliseconds from 0 to 99999`,
      USAGE_EXIT_CODE,
    );
  }
  return Number(text);
}

/**
 * Waits `ms` milliseconds: the sender's `--pause` between the header and
 * the data, which gives a receiver that reads the header with one `recv()`
 * (the original's) time to read it alone.
 *
 * @example Wait a moment
 * ```ts
 * import { pause } from "./pause_flag.ts";
 * import { assert } from "./_assert.ts";
 *
 * const start = performance.now();
 * await pause(20);
 * assert(performance.now() - start >= 19);
 * ```
 *
 * @param ms How long, in milliseconds; 0 goes on at the next turn of the event loop.
 */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
