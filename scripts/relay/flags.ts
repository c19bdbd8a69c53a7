/**
 * The relay's command line: `--listen PORT --to HOST:PORT [--udp]
 * [SHAPING…] [--seed N] [--trace]`, each shaping flag for both directions or,
 * with `up:` (client to server) or `down:` (server to client) in front of its
 * value, for one. Anything wrong is one line and exit 2 ({@linkcode CliError}).
 *
 * @module
 */
import { CliError } from "../../lib/cli_error.ts";
import { parseArgs, parseArgsProblem } from "../../lib/_parse_args.ts";

/** Which datagrams a `--drop` or `--duplicate` picks. */
export type Pick =
  /** These numbers, counted from 1 in each direction. */
  | { numbers: number[] }
  /** Each datagram with this chance, drawn from `--seed`. */
  | { rate: number };

/** How one direction is reshaped. */
export interface Shaping {
  /** TCP: writes of at most this many bytes, each read apart. */
  slice?: number;
  /** TCP: hold what arrives for this many ms, then write it at once. */
  coalesce?: number;
  /** TCP and UDP: forward everything this many ms late. */
  delay?: number;
  /** TCP: close the connection after forwarding this many bytes. */
  cutAfter?: number;
  /** UDP: the datagrams not forwarded. */
  drop?: Pick;
  /** UDP: the datagrams forwarded twice. */
  duplicate?: Pick;
  /** UDP: forward at most this many bytes of each datagram. */
  truncate?: number;
  /** UDP: swap each pair of datagrams (the 2nd goes before the 1st, the 4th before the 3rd…). */
  reorder?: boolean;
}

/** The relay's options, parsed. */
export interface RelayOptions {
  /** The loopback port to listen on. */
  listen: number;
  /** Where every connection or datagram goes, and nowhere else. */
  to: { hostname: string; port: number };
  /** UDP instead of TCP. */
  udp: boolean;
  /** Client to server. */
  up: Shaping;
  /** Server to client. */
  down: Shaping;
  /** The seed of every random choice (`p=` rates). */
  seed?: number;
  /** One `--trace` line per piece on stderr. */
  trace: boolean;
  /** UDP: the most clients with a socket of their own open at once. */
  maxClients: number;
  /** UDP: a client's socket closes after this many seconds without a datagram. */
  clientIdle: number;
}

/** UDP: how many clients may have a socket open at once, unless `--max-clients` says. */
export const MAX_CLIENTS = 128;

/** UDP: how many seconds a client's socket stays open without a datagram, unless `--client-idle` says. */
export const CLIENT_IDLE_SECONDS = 30;

/** The relay's usage text, which `--help` prints. */
export const USAGE =
  `Usage: relay --listen PORT --to HOST:PORT [--udp] [SHAPING...] [--seed N] [--trace]
             [--max-clients N] [--client-idle S]

Listens on 127.0.0.1:PORT and forwards every TCP connection (or, with --udp,
every datagram) to HOST:PORT and back, reshaping what passes, so that a
learner can cause each classic socket pitfall on purpose (docs/pitfalls.md).
A shaping flag acts in both directions, or in one with a prefix on its value:
up: (client to server) or down: (server to client), as in --slice down:1.

TCP shaping:
  --slice N           forward in writes of at most N bytes, each read apart (半包)
  --coalesce MS       hold what arrives for MS ms, then forward it in one write (粘包)
  --delay MS          forward everything MS ms late
  --cut-after BYTES   close the connection after forwarding BYTES bytes

UDP shaping (datagrams counted from 1 for each client, in each direction):
  --drop LIST         drop these datagrams: 2 or 2,5; with --seed, a rate p=0.3
  --duplicate LIST    forward these datagrams twice (same LIST forms)
  --delay MS          forward each datagram MS ms late (--delay down:1500)
  --truncate N        forward only the first N bytes of each datagram
  --reorder           swap each pair of datagrams (2 before 1, 4 before 3, ...)

UDP clients (each has a socket of its own towards HOST:PORT):
  --max-clients N     at most N clients at once (default ${MAX_CLIENTS}); a new client's
                      datagrams are dropped beyond it, with one line on stderr
  --client-idle S     close a client's socket after S seconds without a datagram
                      either way (default ${CLIENT_IDLE_SECONDS}); its next datagram counts from 1

  --seed N            the seed of p= rates: the same seed drops the same datagrams
  --trace             one [trace] line per read and per piece forwarded, on stderr
  -h, --help          show this help`;

const SHAPING_FLAGS = {
  slice: "tcp",
  coalesce: "tcp",
  "cut-after": "tcp",
  delay: "both",
  drop: "udp",
  duplicate: "udp",
  truncate: "udp",
  reorder: "udp",
} as const;

type ShapingFlag = keyof typeof SHAPING_FLAGS;

/**
 * Parses the relay's arguments.
 *
 * @example Slice the server's replies into single bytes
 * ```ts
 * import { parseRelayFlags } from "./flags.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * const options = parseRelayFlags(["--listen", "9002", "--to", "127.0.0.1:9001", "--slice", "down:1"]);
 * assertEquals([options.up, options.down], [{}, { slice: 1 }]);
 * ```
 *
 * @param args The command line after the command.
 * @returns The options; `--help` and bad flags throw a {@linkcode CliError}.
 */
export function parseRelayFlags(args: string[]): RelayOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: withReorderDirections(args),
      options: {
        listen: { type: "string" },
        to: { type: "string" },
        udp: { type: "boolean" },
        seed: { type: "string" },
        trace: { type: "boolean" },
        "max-clients": { type: "string" },
        "client-idle": { type: "string" },
        help: { type: "boolean", short: "h" },
        slice: { type: "string", multiple: true },
        coalesce: { type: "string", multiple: true },
        "cut-after": { type: "string", multiple: true },
        delay: { type: "string", multiple: true },
        drop: { type: "string", multiple: true },
        duplicate: { type: "string", multiple: true },
        truncate: { type: "string", multiple: true },
        reorder: { type: "string", multiple: true },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    const problem = parseArgsProblem(error);
    if (problem === undefined) throw error;
    throw usage(problem);
  }
  const { values } = parsed;
  if (values.help) throw new CliError(USAGE, 0);
  if (values.listen === undefined) throw usage("Missing --listen PORT");
  if (values.to === undefined) throw usage("Missing --to HOST:PORT");
  const udp = values.udp ?? false;
  const seed = values.seed === undefined ? undefined : whole("--seed", values.seed, 0, 2 ** 32 - 1);
  const options: RelayOptions = {
    listen: whole("--listen", values.listen, 1, 65535),
    to: hostPort(values.to),
    udp,
    up: {},
    down: {},
    seed,
    trace: values.trace ?? false,
    maxClients: MAX_CLIENTS,
    clientIdle: CLIENT_IDLE_SECONDS,
  };
  for (const flag of ["max-clients", "client-idle"] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!udp) throw usage(`Flag "--${flag}" is for UDP (add --udp)`);
    if (flag === "max-clients") options.maxClients = whole("--max-clients", value, 1, 100_000);
    else options.clientIdle = whole("--client-idle", value, 1, 86_400);
  }
  for (const flag of Object.keys(SHAPING_FLAGS) as ShapingFlag[]) {
    for (const raw of values[flag] ?? []) {
      const transport = SHAPING_FLAGS[flag];
      if (transport !== "both" && transport !== (udp ? "udp" : "tcp")) {
        throw usage(
          `Flag "--${flag}" is for ${transport.toUpperCase()}${udp ? "" : " (add --udp)"}`,
        );
      }
      const [directions, value] = split(raw);
      for (const direction of directions) {
        const shaping = options[direction];
        const key = flag === "cut-after" ? "cutAfter" : flag;
        if (shaping[key] !== undefined) {
          throw usage(`Flag "--${flag}" is given twice for ${direction}`);
        }
        setShaping(shaping, flag, value, seed);
      }
    }
  }
  return options;
}

/**
 * `--reorder` takes no value, but may take a direction: `--reorder up` (or
 * `up:`) becomes `--reorder=up:`, a bare `--reorder` becomes `--reorder=`.
 */
function withReorderDirections(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--reorder") {
      out.push(args[i]!);
    } else if (/^(up|down):?$/.test(args[i + 1] ?? "")) {
      out.push(`--reorder=${args[++i]!.replace(/:?$/, ":")}`);
    } else {
      out.push("--reorder=");
    }
  }
  return out;
}

/** `[up:|down:]VALUE`: the directions it names and the value. */
function split(raw: string): [("up" | "down")[], string] {
  const match = raw.match(/^(up|down):(.*)$/);
  if (match === null) return [["up", "down"], raw];
  return [[match[1] as "up" | "down"], match[2]!];
}

function setShaping(shaping: Shaping, flag: ShapingFlag, value: string, seed?: number): void {
  switch (flag) {
    case "slice":
      shaping.slice = whole("--slice", value, 1, 1 << 30);
      return;
    case "coalesce":
      shaping.coalesce = whole("--coalesce", value, 0, 60_000);
      return;
    case "delay":
      shaping.delay = whole("--delay", value, 0, 60_000);
      return;
    case "cut-after":
      shaping.cutAfter = whole("--cut-after", value, 0, Number.MAX_SAFE_INTEGER);
      return;
    case "truncate":
      shaping.truncate = whole("--truncate", value, 0, 65535);
      return;
    case "drop":
    case "duplicate":
      shaping[flag] = pick(`--${flag}`, value, seed);
      return;
    case "reorder":
      if (value !== "") {
        throw invalid(`Invalid --reorder "${value}": expected up or down, or nothing`);
      }
      shaping.reorder = true;
      return;
  }
}

/** `2`, `2,5` or, with a seed, `p=0.3`. */
function pick(flag: string, value: string, seed: number | undefined): Pick {
  const rate = value.match(/^p=(\d*\.?\d+)$/);
  if (rate !== null) {
    const p = Number(rate[1]);
    if (p > 1) throw invalid(`Invalid ${flag} "${value}": a rate is from p=0 to p=1`);
    if (seed === undefined) {
      throw invalid(
        `Flag "${flag} ${value}" needs --seed N, so that every run picks the same datagrams`,
      );
    }
    return { rate: p };
  }
  if (!/^\d+(,\d+)*$/.test(value) || value.split(",").some((n) => Number(n) < 1)) {
    throw invalid(
      `Invalid ${flag} "${value}": expected datagram numbers from 1, such as 2 or 2,5, or p=0.3`,
    );
  }
  return { numbers: value.split(",").map(Number) };
}

/** A whole number from `min` to `max`. */
function whole(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw invalid(`Invalid ${flag} "${value}": expected a whole number from ${min} to ${max}`);
  }
  return n;
}

/** `HOST:PORT`, IPv6 in brackets. */
function hostPort(value: string): { hostname: string; port: number } {
  const match = value.match(/^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d+)$/);
  if (match === null) {
    throw invalid(`Invalid --to "${value}": expected HOST:PORT, such as 127.0.0.1:8080`);
  }
  return {
    hostname: match[1]!.replace(/^\[(.*)\]$/, "$1"),
    port: whole("--to port", match[2]!, 1, 65535),
  };
}

/** A bad flag value: one line, exit 2. */
function invalid(problem: string): CliError {
  return new CliError(problem, 2);
}

/** A usage error: one line, exit 2. */
function usage(problem: string): CliError {
  return new CliError(`${problem}: run with --help for usage`, 2);
}
