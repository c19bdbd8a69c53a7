/**
 * The one flag parser of the tools under scripts/: `--help` prints the usage
 * and exits 0; an unknown flag, a missing value or a stray argument is one
 * line on stderr and exit 2, before the tool does any work.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig, parseArgsProblem } from "../../lib/_parse_args.ts";
import { USAGE_EXIT_CODE } from "../../lib/cli_flags.ts";

/** Ends the tool with one line about its command line, and exit 2 (the programs' USAGE_EXIT_CODE). */
export function usageExit(message: string): never {
  console.error(message);
  Deno.exit(USAGE_EXIT_CODE);
}

/** A tool's flags: each a string or a boolean. */
export type FlagTypes = Record<string, { type: "string" | "boolean" }>;

/** The parsed flags, typed by their declaration. */
export interface ToolFlags<T extends FlagTypes> {
  /** Each flag's value, absent when not given. */
  values: { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean };
  /** The arguments that are not flags. */
  positionals: string[];
}

/**
 * Parses a tool's flags; `--help`/`-h` is added. Handles help and misuse
 * itself (see the module doc), so the caller sees only good flags.
 */
export function parseToolFlags<T extends FlagTypes>(
  args: string[],
  usage: string,
  options: T,
  { positionals = false }: { positionals?: boolean } = {},
): ToolFlags<T> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } } as ParseArgsConfig["options"],
      allowPositionals: positionals,
      strict: true,
    });
  } catch (error) {
    usageExit(`${explain(error)}: run with --help for usage`);
  }
  if (parsed.values.help) {
    console.log(usage);
    Deno.exit(0);
  }
  return parsed as ToolFlags<T>;
}

function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return parseArgsProblem(error) ?? `Cannot parse the command line: ${message.split("\n")[0]}`;
}
