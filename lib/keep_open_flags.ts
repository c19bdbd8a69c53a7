/**
 * The keep-open flags both servers take, named as ncat names them, and
 * their defaults (docs/reliability.md says why).
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";
import { parseCount } from "./count_flag.ts";
import { parseSeconds } from "./seconds_flag.ts";

/** How many connections a keep-open server serves at once unless `--max-conns` says. */
export const DEFAULT_MAX_CONNS = 100;

/**
 * How many of them one address may hold unless `--max-per-host` says: a
 * tenth, so that one address (one machine, or one misbehaving script) can
 * never lock the others out. A load test from one machine raises it.
 */
export const DEFAULT_MAX_PER_HOST = 10;

/**
 * The keep-open TCP server's `--idle-timeout` unless it says otherwise: a
 * client silent for five minutes gives its slot back. Without `-k` there is
 * none, as in the original, which waits forever for its one client.
 */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

/** The `parseFlags` options of `-k, --keep-open`, `--max-conns N` and `--max-per-host N`. */
export const KEEP_OPEN_OPTIONS = {
  "keep-open": { type: "boolean" as const, short: "k" },
  "max-conns": { type: "string" as const },
  "max-per-host": { type: "string" as const },
};

/** One client, or many at once within limits. */
export interface KeepOpen {
  /** `-k`: serve client after client, many at once. */
  keepOpen: boolean;
  /** `--max-conns`: the most served at once. */
  maxConns: number;
  /** `--max-per-host`: the most served at once from one address. */
  maxPerHost: number;
}

/**
 * Reads `-k`, `--max-conns` and `--max-per-host` from the values
 * `parseFlags` returned (either limit without `-k` is a usage error).
 *
 * @example With and without -k
 * ```ts
 * import { parseKeepOpen } from "./keep_open_flags.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parseKeepOpen({ "keep-open": true }), {
 *   keepOpen: true,
 *   maxConns: 100,
 *   maxPerHost: 10,
 * });
 * assertEquals(parseKeepOpen({ "keep-open": true, "max-conns": "3" }).maxConns, 3);
 * assertEquals(parseKeepOpen({ "keep-open": true, "max-per-host": "50" }).maxPerHost, 50);
 * assertThrows(() => parseKeepOpen({ "max-conns": "3" }));
 * ```
 *
 * @param values The flag values.
 * @returns Whether to keep serving, and the limits.
 * @throws {CliError} With exit code 2 for a limit without `-k`, or a bad count.
 */
export function parseKeepOpen(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): KeepOpen {
  const keepOpen = values["keep-open"] === true;
  for (const flag of ["max-conns", "max-per-host"]) {
    if (!keepOpen && values[flag] !== undefined) {
      throw new CliError(`Flag "--${flag}" needs -k: run with --help for usage`, USAGE_EXIT_CODE);
    }
  }
  return {
    keepOpen,
    maxConns: parseCount(String(values["max-conns"] ?? DEFAULT_MAX_CONNS), "max-conns"),
    maxPerHost: parseCount(String(values["max-per-host"] ?? DEFAULT_MAX_PER_HOST), "max-per-host"),
  };
}

/**
 * Reads the TCP server's `--idle-timeout SECONDS`: by default
 * {@linkcode DEFAULT_IDLE_TIMEOUT_SECONDS} with `-k`, none without.
 *
 * @example The defaults
 * ```ts
 * import { parseIdleTimeout } from "./keep_open_flags.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(parseIdleTimeout({}, true), 300);
 * assertEquals(parseIdleTimeout({}, false), undefined);
 * assertEquals(parseIdleTimeout({ "idle-timeout": "0.5" }, false), 0.5);
 * ```
 *
 * @param values The flag values.
 * @param keepOpen Whether `-k` was given.
 * @returns The timeout in seconds, or `undefined` for none.
 */
export function parseIdleTimeout(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
  keepOpen: boolean,
): number | undefined {
  const text = values["idle-timeout"];
  if (typeof text === "string") return parseSeconds(text, "idle-timeout");
  return keepOpen ? DEFAULT_IDLE_TIMEOUT_SECONDS : undefined;
}
