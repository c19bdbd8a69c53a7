/**
 * A flag given in bytes, such as `--max-size 10G`.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";

const UNITS: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * Parses a whole number of bytes, optionally with a binary unit: `K` (KiB),
 * `M` (MiB), `G` (GiB) or `T` (TiB), in either case.
 *
 * @example Sizes with and without units
 * ```ts
 * import { parseSize } from "./size_flag.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parseSize("4096", "max size"), 4096);
 * assertEquals(parseSize("1g", "max size"), 2 ** 30);
 * assertThrows(() => parseSize("lots", "max size"), {
 *   message: 'Invalid max size "lots": expected whole bytes, optionally with K, M, G or T',
 * });
 * ```
 *
 * @param text The flag's value.
 * @param name The flag's name in words, for the error message.
 * @returns The number of bytes.
 * @throws {CliError} With exit code 2 if the text is not such a size.
 */
export function parseSize(text: string, name: string): number {
  const match = /^(\d{1,16})([KMGT]?)$/i.exec(text);
  const size = match ? Number(match[1]) * UNITS[match[2]!.toUpperCase()]! : NaN;
  if (!Number.isSafeInteger(size)) {
    throw new CliError(
      `Invalid ${name} "${text}": expected whole bytes, optionally with K, M, G or T`,
      USAGE_EXIT_CODE,
    );
  }
  return size;
}
