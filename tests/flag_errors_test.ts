/**
 * Every program's command line, refused as a user would see it: one line on
 * stderr, nothing on stdout, exit 2, before any socket or file is touched;
 * and `--help`, the usage on stdout and exit 0. One table over `PROGRAMS`:
 * the rows every program shares (the flags `parseFlags` gives them all), then
 * each program's own. The parser's every case is unit-tested in
 * lib/cli_flags_test.ts; these rows prove each real program is wired to it.
 * The rows run a few processes at a time.
 *
 * @module
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { spawnDeno, usageName } from "../scripts/_harness/process.ts";
import { PROGRAMS } from "../scripts/programs.ts";

const HELP = "run with --help for usage";
const CLIENT_PORT = 'Invalid port "0": a client needs the server\'s port, from 1 to 65535';

/** Refused by every program. */
const SHARED: [string[], string][] = [
  [["--verbose"], `Unknown flag "--verbose": ${HELP}`],
  [["--port", "99999"], 'Invalid port "99999": expected a whole number from 0 to 65535'],
  [["--port"], `Flag "--port" needs a value: ${HELP}`],
  [
    ["--host", "127.0.0.1:80"],
    'Invalid host "127.0.0.1:80": expected a host name or an IP address, such as 127.0.0.1 or ::1',
  ],
];

/** Refused by one program: its name, the arguments, the line. */
const OWN: [string, string[], string][] = [
  ["tcp_server", ["--max-conns", "5"], `Flag "--max-conns" needs -k: ${HELP}`],
  [
    "tcp_server",
    ["-k", "--max-conns", "0"],
    'Invalid max-conns "0": expected a whole number from 1 to 1000000',
  ],
  [
    "tcp_server",
    ["--idle-timeout", "soon"],
    'Invalid idle-timeout "soon": expected a number of seconds greater than 0',
  ],
  ["tcp_server", ["--keep-open=yes"], `Flag "--keep-open" takes no value: ${HELP}`],
  ["tcp_server", ["--max-per-host", "5"], `Flag "--max-per-host" needs -k: ${HELP}`],
  [
    "tcp_server",
    ["-k", "--max-per-host", "0"],
    'Invalid max-per-host "0": expected a whole number from 1 to 1000000',
  ],
  ["file_receiver", ["--max-per-host", "5"], `Flag "--max-per-host" needs -k: ${HELP}`],
  [
    "tcp_server",
    ["--host", ""],
    'Invalid host "": expected a host name or an IP address, such as 127.0.0.1 or ::1',
  ],
  ["tcp_client", ["--port", "0"], CLIENT_PORT],
  [
    "tcp_client",
    ["--host", ""],
    'Invalid host "": expected a host name or an IP address, such as 127.0.0.1 or ::1',
  ],
  ["udp_server", ["--timeout", "1"], `Unknown flag "--timeout": ${HELP}`],
  ["udp_client", ["--port", "0"], CLIENT_PORT],
  [
    "udp_client",
    ["--timeout", "0"],
    'Invalid timeout "0": expected a number of seconds greater than 0',
  ],
  [
    "udp_client",
    ["--timeout", "soon"],
    'Invalid timeout "soon": expected a number of seconds greater than 0',
  ],
  ["udp_client", ["--timeout"], `Flag "--timeout" needs a value: ${HELP}`],
  ["udp_client", ["extra"], `Unexpected argument "extra": ${HELP}`],
  ["udp_client", ["--timeout", "-1"], 'Invalid timeout "-1": the value is negative'],
  ["udp_client", ["--timeout=-2.5"], 'Invalid timeout "-2.5": the value is negative'],
  ["file_sender", ["--port", "0"], CLIENT_PORT],
  [
    "file_sender",
    ["--pause", "soon"],
    'Invalid pause "soon": expected whole milliseconds from 0 to 99999',
  ],
  ["file_sender", ["--pause", "-5"], 'Invalid pause "-5": the value is negative'],
  ["file_sender", ["--ack-timeout", "-1"], 'Invalid ack timeout "-1": the value is negative'],
  ["file_sender", ["--pause=-5"], 'Invalid pause "-5": the value is negative'],
  [
    "file_receiver",
    ["--max-size", "lots"],
    'Invalid max size "lots": expected whole bytes, optionally with K, M, G or T',
  ],
  [
    "file_receiver",
    ["--header-timeout", "-1"],
    'Invalid header timeout "-1": the value is negative',
  ],
  [
    "file_receiver",
    ["--idle-timeout", "-0.5"],
    'Invalid idle timeout "-0.5": the value is negative',
  ],
  ["file_receiver", ["--max-conns", "5"], `Flag "--max-conns" needs -k: ${HELP}`],
  [
    "file_receiver",
    ["-k", "--max-conns", "0"],
    'Invalid max-conns "0": expected a whole number from 1 to 1000000',
  ],
];

/** Runs `jobs` at most `limit` at a time, in order of the list. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit = 4): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

Deno.test("Every program refuses a bad command line in one line and exit 2, before any work", async () => {
  const rows: [string, string[], string][] = [
    ...PROGRAMS.flatMap(({ name }) =>
      SHARED.map(([args, line]): [string, string[], string] => [name, args, line])
    ),
    ...OWN,
  ];
  const seen = await pooled(rows.map(([name, args]) => async () => {
    const { script, permissions } = PROGRAMS.find((info) => info.name === name)!;
    await using program = spawnDeno(script, permissions, args, { timeoutMs: 20_000 });
    const { code, stdout, stderr } = await program.outcome();
    return [name, args, code, stdout, stderr];
  }));
  assertEquals(seen, rows.map(([name, args, line]) => [name, args, 2, "", `${line}\n`]));
});

Deno.test("Every program answers --help with its usage on stdout and exit 0", async () => {
  const seen = await pooled(PROGRAMS.map(({ script, permissions }) => async () => {
    await using program = spawnDeno(script, permissions, ["--help"], { timeoutMs: 20_000 });
    return { script, ...await program.outcome() };
  }));
  for (const { script, code, stdout, stderr } of seen) {
    assertEquals([code, stderr], [0, ""], script);
    const first = stdout.split("\n")[0];
    assert(first.startsWith(`Usage: ${usageName(script)} [--host HOST] [--port PORT]`), stdout);
    assert(stdout.includes("[--lang LANG]"), stdout);
  }
});
