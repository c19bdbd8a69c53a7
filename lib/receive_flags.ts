/**
 * The file receiver's own flags: where files go, how large, and how long a
 * sender may stall.
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { withFileErrors } from "./file_errors.ts";
import { DEFAULT_IDLE_TIMEOUT_SECONDS } from "./keep_open_flags.ts";
import { PartFile } from "./part_file.ts";
import type { ReceiveOptions } from "./receive_file.ts";
import { parseSeconds } from "./seconds_flag.ts";
import { parseSize } from "./size_flag.ts";

/** The time a sender has to send its whole header unless `--header-timeout` says. */
export const DEFAULT_HEADER_TIMEOUT_SECONDS = 30;
/** The largest file accepted unless `--max-size` says. */
export const DEFAULT_MAX_SIZE = "1T";

/** The `parseFlags` options of `--dir`, `--max-size`, `--overwrite` and the two timeouts. */
export const RECEIVE_OPTIONS = {
  dir: { type: "string" as const },
  "max-size": { type: "string" as const },
  overwrite: { type: "boolean" as const },
  "header-timeout": { type: "string" as const },
  "idle-timeout": { type: "string" as const },
};

/**
 * Reads the receiver's flags from the values `parseFlags` returned, and
 * checks `--dir` now, before any sender connects: a missing, read-only or
 * forbidden directory is one line and exit 1, not a failure mid-transfer.
 *
 * @example The defaults
 * ```ts
 * import { parseReceiveOptions } from "./receive_flags.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const options = await parseReceiveOptions({ dir: Deno.cwd() });
 * assertEquals(options.maxSize, 2 ** 40);
 * assertEquals(options.headerTimeout, 30);
 * assertEquals(options.idleTimeout, undefined);
 * ```
 *
 * @param values The flag values.
 * @param keepOpen Whether the receiver takes many senders (`-k`): then
 * `--idle-timeout` defaults to {@linkcode DEFAULT_IDLE_TIMEOUT_SECONDS}.
 * @returns The options for `receiveHeader` and `openIncomingFile`.
 * @throws {CliError} With exit code 2 for a bad value, 1 for a `--dir` it cannot write in.
 */
export async function parseReceiveOptions(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
  keepOpen = false,
): Promise<ReceiveOptions> {
  const seconds = (name: string) =>
    typeof values[name] === "string"
      ? parseSeconds(values[name] as string, name.replace("-", " "))
      : undefined;
  const options: ReceiveOptions = {
    dir: typeof values.dir === "string" ? values.dir : ".",
    maxSize: parseSize(String(values["max-size"] ?? DEFAULT_MAX_SIZE), "max size"),
    overwrite: values.overwrite === true,
    claimed: new Set<string>(), // the names the transfers under way (with -k) are saving
    headerTimeout: seconds("header-timeout") ?? DEFAULT_HEADER_TIMEOUT_SECONDS,
    // with -k, a sender gone silent mid-file frees its slot after a while, as tcp_server -k's do
    idleTimeout: seconds("idle-timeout") ?? (keepOpen ? DEFAULT_IDLE_TIMEOUT_SECONDS : undefined),
  };
  const { dir } = options;
  const info = await withFileErrors(`use --dir ${dir}`, () => Deno.stat(dir));
  if (!info.isDirectory) throw new CliError(`Cannot use --dir ${dir}: it is not a directory`);
  await withFileErrors(`write files in ${dir}`, () => PartFile.probe(dir));
  return options;
}
