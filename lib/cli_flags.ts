/**
 * Command-line flags shared by every program: `--host`, `--port`, `--help`,
 * `--lang` (which picks the printer `parseFlags` hands back) and `--trace`.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig, parseArgsProblem } from "./_parse_args.ts";
import { CliError } from "./cli_error.ts";
import { type Language, type Printer, printer } from "./print.ts";

/** The exit code for bad usage, as in BSD's `sysexits.h` and Python's argparse. */
export const USAGE_EXIT_CODE = 2;

/** What a script accepts on its command line. */
export interface FlagSpec {
  /** The `--help` text. */
  usage: string;
  /** The default `--host`. */
  host: string;
  /** The default `--port`. */
  port: number;
  /** Further options, in `node:util` `parseArgs` form. */
  options?: ParseArgsConfig["options"];
  /** The most positional arguments allowed; 0 by default. */
  maxPositionals?: number;
  /** A client connects to `--port`, so port 0 (any port) makes no sense for it; false by default. */
  client?: boolean;
}

/** The parsed command line. */
export interface Flags {
  /** The host to listen on or connect to. */
  host: string;
  /** The port, 0 to 65535. */
  port: number;
  /** The further options' values, by name. */
  values: Record<string, string | boolean | undefined>;
  /** The positional arguments. */
  positionals: string[];
  /** `--trace`: write a line per socket operation on stderr (see `lib/trace.ts`). */
  trace: boolean;
  /** `--lang`: the language of the printed lines; `zh` by default. */
  lang: Language;
  /** Python's `print()` in that language: `print("服务器已启动...")` (see `printer()`). */
  print: Printer;
}

/**
 * Parses `args` with `node:util` `parseArgs`. `--help` (or `-h`) throws a
 * {@linkcode CliError} with exit code 0 carrying the usage text; an unknown
 * flag, a missing value, a stray argument or a bad port throws one with exit
 * code 2 and a one-line message.
 *
 * @example Defaults and overrides
 * ```ts
 * import { parseFlags } from "./cli_flags.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * const spec = { usage: "Usage: tcp_server [--host H] [--port P]", host: "0.0.0.0", port: 8080 };
 * assertEquals(parseFlags([], spec).port, 8080);
 * assertEquals(parseFlags(["--host", "::", "--port=9000"], spec).host, "::");
 * assertThrows(() => parseFlags(["--port", "70000"], spec), {
 *   message: 'Invalid port "70000": expected a whole number from 0 to 65535',
 * });
 * ```
 *
 * @param args The command-line arguments, such as `Deno.args`.
 * @param spec What the script accepts.
 * @returns The host, port, further values and positionals, and `print` in the language of `--lang`.
 */
export function parseFlags(args: string[], spec: FlagSpec): Flags {
  const { values, positionals } = parseOrExplain(args, spec);
  if (values.help) throw new CliError(withCommonFlags(spec.usage), 0);
  const limit = spec.maxPositionals ?? 0;
  if (positionals.length > limit) {
    throw usageError(`Unexpected argument "${positionals[limit]}": run with --help for usage`);
  }
  const { host, port, help: _, lang, trace, ...rest } = values;
  const language = parseLanguage(lang);
  const chosen = typeof port === "string" ? parsePort(port) : spec.port;
  if (spec.client && chosen === 0) {
    // design: Deno and Node would throw "Invalid port (out of range): 0" with a stack trace
    throw usageError(`Invalid port "${port}": a client needs the server's port, from 1 to 65535`);
  }
  return {
    host: typeof host === "string" ? parseHost(host) : spec.host,
    port: chosen,
    values: rest,
    positionals,
    trace: trace === true,
    lang: language,
    print: printer(language),
  };
}

/**
 * Checks a host: a host name or an IPv4 address, or an IPv6 address with an
 * optional `%zone`; anything else (an empty host, `127.0.0.1:80`) is a usage
 * error rather than a failure deep in the socket call.
 */
function parseHost(text: string): string {
  const ipv6 = text.split(":").length > 2 && /^[0-9A-Fa-f:.]+(%[\w.-]+)?$/.test(text);
  const name = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_.])?$/.test(text);
  if (ipv6 || (name && !text.includes(":"))) return text;
  throw usageError(
    `Invalid host ${
      JSON.stringify(text)
    }: expected a host name or an IP address, such as 127.0.0.1 or ::1`,
  );
}

/**
 * Parses a port number: a whole decimal number from 0 to 65535 (0 lets the
 * system choose).
 *
 * @example Valid and invalid ports
 * ```ts
 * import { parsePort } from "./cli_flags.ts";
 * import { assertEquals, assertThrows } from "./_assert.ts";
 *
 * assertEquals(parsePort("8080"), 8080);
 * assertThrows(() => parsePort("80a"));
 * ```
 *
 * @param text The flag's value.
 * @returns The port.
 * @throws {CliError} With exit code 2 if the text is not a valid port.
 */
export function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) {
    throw usageError(`Invalid port "${text}": expected a whole number from 0 to 65535`);
  }
  return port;
}

function parseOrExplain(args: string[], spec: FlagSpec) {
  const options = {
    host: { type: "string" as const },
    port: { type: "string" as const, short: "p" },
    help: { type: "boolean" as const, short: "h" },
    lang: { type: "string" as const },
    trace: { type: "boolean" as const },
    ...spec.options,
  };
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const negative = negativeValue(args, options);
    throw usageError(negative ?? explainParseError(error));
  }
}

/** parseArgs takes `--timeout -1` for a flag missing its value: say what is wrong with the value. */
function negativeValue(
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): string | undefined {
  const at = args.findIndex((arg, i) => i > 0 && /^-\.?\d/.test(arg));
  if (at === -1) return undefined;
  const flag = args[at - 1]!;
  const long = flag.startsWith("--")
    ? flag.slice(2)
    : Object.keys(options).find((name) => `-${options[name]!.short}` === flag);
  if (long === undefined || options[long]?.type !== "string") return undefined;
  return `Invalid ${long.replaceAll("-", " ")} "${args[at]}": the value is negative`;
}

function explainParseError(error: unknown): string {
  const problem = parseArgsProblem(error);
  if (problem !== undefined) return `${problem}: run with --help for usage`;
  const message = error instanceof Error ? error.message : String(error);
  return `Cannot parse the command line: ${message.split("\n")[0]}`;
}

/** The flags every script takes, in its usage line and as its help's last lines. */
const COMMON_FLAGS: [flag: string, help: string][] = [
  ["--lang LANG", "print the original's lines in zh (Chinese, the default) or en"],
  ["--trace", "print a line per socket operation on stderr (docs/wire.md)"],
];

/**
 * The usage text with the common flags: in the usage line (wrapped under the
 * program's name past 80 columns), and as the last flags, aligned with the others.
 */
function withCommonFlags(usage: string): string {
  const [first = "", ...rest] = usage.split("\n");
  const indent = " ".repeat(first.indexOf(" [") + 1);
  const added = COMMON_FLAGS.map(([flag]) => `[${flag}]`).join(" ");
  const line = first.length + added.length + 1 <= 80
    ? `${first} ${added}`
    : `${first}\n${indent}${added}`;
  const column = rest.map((text) => text.match(/^ {2}-\S.*?\s{2,}(?=\S)/)?.[0].length)
    .find((length) => length !== undefined) ?? "--lang LANG".length + 4;
  const lines = COMMON_FLAGS.map(([flag, help]) => `  ${flag}`.padEnd(column) + help);
  return [line, ...rest, ...lines].join("\n");
}

function parseLanguage(lang: string | boolean | undefined): Language {
  if (lang === undefined || lang === "zh" || lang === "en") return lang ?? "zh";
  throw usageError(`Invalid language "${lang}": expected zh (the original's Chinese) or en`);
}

function usageError(message: string): CliError {
  return new CliError(message, USAGE_EXIT_CODE);
}
