/**
 * The keep-open flags both servers take, named as ncat names them.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";
import { parseCount } from "./count_flag.ts";

/** How many connections a keep-open server serves at once unless `--max-conns` says. */
export const DEFAULT_MAX_CONNS = 100;

/** The `parseFlags` options of `-k, --keep-open` and `--max-conns N`. */
export const KEEP_OPEN_OPTIONS = {
  "keep-open": { type: "boolean" as const, short: "k" },
  "max-conns": { type: "string" as const },
};

/**
 * Reads `-k` and `--max-conns` from the values `parseFlags` returned:
 * whether to keep serving, and how many at once (`--max-conns` without
 * `-k` is a usage error).
 *
 * @example With and without -k
 * ```ts
 * import { parseKeepOpen } from "./keep_open_flags.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parseKeepOpen({ "keep-open": true }), { keepOpen: true, maxConns: 100 });
 * assertEquals(parseKeepOpen({ "keep-open": true, "max-conns": "3" }).maxConns, 3);
 * assertThrows(() => parseKeepOpen({ "max-conns": "3" }));
 * ```
 *
 * @param values The flag values.
 * @returns Whether to keep serving, and the limit.
 * @throws {CliError} With exit code 2 for `--max-conns` without `-k`, or a bad count.
 */
export function parseKeepOpen(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): { keepOpen: boolean; maxConns: number } {
  const keepOpen = values["keep-open"] === true;
  if (!keepOpen && values["max-conns"] !== undefined) {
    throw new CliError(`Flag "--max-conns" needs -k: run with --help for usage`, USAGE_EXIT_CODE);
  }
  const maxConns = parseCount(String(values["max-conns"] ?? DEFAULT_MAX_CONNS), "max-conns");
  return { keepOpen, maxConns };
}
