/**
 * The full-size load, fault and memory runs behind docs/reliability.md, all
 * bounded in count and time and all on loopback:
 *
 * - TCP: `tcp_server -k`, 200 concurrent clients × 200 round trips of random
 *   binary sizes (1 B to 64 KiB), every echo byte-exact, while peers are
 *   killed, reset, half-closed; then stalled peers against `--idle-timeout`;
 *   then SIGTERM mid-run.
 * - UDP: `udp_server`, 8 senders × 20,000 datagrams, every reply matched;
 *   then its memory over rounds of 10,000 datagrams.
 * - Files: `file_receiver -k`, 10 rounds of 20 concurrent senders of 1-50
 *   MiB, every file SHA-256 identical, while senders are killed mid-file,
 *   reset, or send a bad header; then stalled senders against the timeouts;
 *   then SIGTERM mid-load.
 *
 * Each server's memory and open descriptors are read from /proc before and
 * after. Prints the figures; exits 1 if any check fails.
 *
 * ```sh
 * npm run stress                      # or: deno task stress
 * npm run stress -- --runtime node    # the npm build's servers (after npm run build:npm)
 * npm run stress -- --only files      # one part: tcp, udp or files
 * ```
 *
 * @module
 */
import { execute } from "./_harness/command.ts";
import { parseToolFlags, usageExit } from "./_harness/flags.ts";
import { freeTcpPort, freeUdpPort } from "./_harness/net.ts";
import { Spawned, subcommand } from "./_harness/process.ts";
import { permissionsFor, program } from "./programs.ts";
import { formatStats, type ProcessStats, processStats } from "./stress/process_stats.ts";
import { FILE_FAULTS, STALL_FAULTS } from "./stress/file_faults.ts";
import { fileLoad } from "./stress/file_load.ts";
import { FAULTS, IDLE_FAULTS } from "./stress/tcp_faults.ts";
import { tcpLoad } from "./stress/tcp_load.ts";
import { udpLoad } from "./stress/udp_load.ts";
import { ROOT } from "./_harness/root.ts";

const { values } = parseToolFlags(
  Deno.args,
  `Usage: stress [--runtime RUNTIME] [--rounds N] [--only PART]

The full-size load, fault and memory runs behind docs/reliability.md, on loopback.

  --runtime RUNTIME  deno (the default) or node (the npm build's servers,
                     after npm run build:npm)
  --rounds N         rounds of 10,000 datagrams in the UDP memory series (default 40,
                     at least 30: RSS climbs for about 14 rounds before it levels off)
  --only PART        run one part: tcp, udp or files
  -h, --help         show this help`,
  { runtime: { type: "string" }, rounds: { type: "string" }, only: { type: "string" } },
);
const RUNTIME = values.runtime ?? "deno";
if (RUNTIME !== "deno" && RUNTIME !== "node") {
  usageExit(`Invalid runtime "${RUNTIME}": expected deno or node`);
}
const PARTS = ["tcp", "udp", "files"];
if (values.only !== undefined && !PARTS.includes(values.only)) {
  usageExit(`Invalid part "${values.only}": expected ${PARTS.join(", ")}`);
}
/** Whether to run `part` of the stress run: all of them unless `--only` names one. */
const runs = (part: string) => values.only === undefined || values.only === part;
/** How many rounds of 20 files the file load runs. */
const FILE_ROUNDS = 10;
/**
 * The fewest UDP memory rounds its check can judge: it compares the highest
 * RSS of the second half with the first half's, and RSS climbs for about 14
 * rounds before it levels off (docs/reliability.md), so each half needs 15.
 */
const MIN_MEMORY_ROUNDS = 30;
/** How many rounds of 10,000 datagrams the UDP memory series runs. */
const MEMORY_ROUNDS = Number(values.rounds ?? 40);
if (!Number.isInteger(MEMORY_ROUNDS) || MEMORY_ROUNDS < MIN_MEMORY_ROUNDS) {
  usageExit(
    `Invalid rounds "${values.rounds}": expected a whole number from ${MIN_MEMORY_ROUNDS}, ` +
      "the rounds the memory check needs to see RSS level off",
  );
}

let failures = 0;
function check(ok: boolean, what: string): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

/**
 * A server process with its stdout thrown away (it prints every message) and
 * stderr kept; with `traceGc`, V8 reports each full garbage collection on
 * stdout, and those lines are kept in {@linkcode Server.fullGcs}.
 */
class Server implements AsyncDisposable {
  readonly process: Spawned;
  /** V8's full collections so far: the heap's live size after each, in MB. */
  readonly fullGcs: { before: number; after: number; committed: number }[] = [];

  /**
   * Starts the program `name` (such as `tcp_server`) on 127.0.0.1:`port` with
   * `flags`, in the folder `cwd` (the file receiver writes there).
   */
  constructor(name: string, port: number, flags: string[], traceGc = false, cwd?: string) {
    const { script } = program(name);
    const permissions = permissionsFor(program(name), { port, host: "127.0.0.1" });
    const args = ["--host=127.0.0.1", `--port=${port}`, ...flags];
    const v8 = traceGc && RUNTIME === "deno" ? ["--v8-flags=--trace-gc"] : [];
    const [command, commandArgs] = RUNTIME === "node"
      ? ["node", [`${ROOT}npm/bin/socket_primer.js`, subcommand(script), ...args]]
      : [Deno.execPath(), ["run", ...v8, ...permissions, `${ROOT}${script}`, ...args]];
    this.process = new Spawned(command, commandArgs, {
      env: traceGc && RUNTIME === "node" ? { NODE_OPTIONS: "--trace-gc" } : {},
      cwd,
      stdin: "null",
      stdout: traceGc ? (line) => this.#gcLine(line) : "null",
      timeoutMs: 1_200_000,
    });
  }

  #gcLine(line: string) {
    // "Mark-Compact 11.7 (16.1) -> 5.0 (14.1) MB": live before (committed) -> live after (committed)
    const match = line.match(/Mark-Compact ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\)/);
    if (match) this.fullGcs.push({ before: +match[1]!, after: +match[3]!, committed: +match[4]! });
  }

  get pid(): number {
    return this.process.pid;
  }

  /** Stops it with `signal`; its exit code and stderr. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<{ code: number; stderr: string }> {
    this.process.kill(signal);
    const { code, stderr } = await this.process.ended();
    return { code, stderr };
  }

  async [Symbol.asyncDispose]() {
    await this.process[Symbol.asyncDispose]();
  }
}

async function untilListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Nothing listens on port ${port}`);
}

/** Polls until the server's descriptor count is back to `fds` (its sockets closed), up to 10 s. */
async function settled(pid: number, fds: number): Promise<ProcessStats> {
  let stats = await processStats(pid);
  for (let i = 0; i < 100 && stats.fds !== fds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stats = await processStats(pid);
  }
  return stats;
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

const mib = (kib: number) => (kib / 1024).toFixed(1);

console.log(`# socket-primer stress run (${RUNTIME}), ${new Date().toISOString()}`);
const loadavg = await execute("cat", ["/proc/loadavg"], { output: "capture" });
console.log(`# load average: ${loadavg.stdout.trim()}, ${navigator.hardwareConcurrency} CPUs`);

// --- TCP: 200 clients × 200 round trips, with faults ---------------------------------------
if (runs("tcp")) {
  console.log("\n## TCP: tcp_server -k --max-conns 1000");
  const port = freeTcpPort();
  await using server = new Server("tcp_server", port, [
    "-k",
    "--max-conns=1000",
    "--max-per-host=1000",
  ]);
  await untilListening(port);
  const start0 = await processStats(server.pid);
  console.log(`started: ${formatStats(start0)}`);
  // The warm-up has the full run's concurrency: memory is set by how many are served at once
  // (and then kept by V8 and the allocator), so what the full run adds is growth per client.
  const warmUp = await tcpLoad({ port, clients: 200, rounds: 10, maxBytes: 65536, seed: 1 });
  check(warmUp.failures.length === 0, "warm-up: 200 clients × 10 round trips byte-exact");
  const before = await settled(server.pid, start0.fds);
  console.log(`before: ${formatStats(before)} (after the warm-up)`);
  const start = performance.now();
  const [load, ...faults] = await Promise.all([
    tcpLoad({ port, clients: 200, rounds: 200, maxBytes: 65536, seed: 2 }),
    ...FAULTS.map((fault) => fault.run(port)),
  ]);
  console.log(
    `load: ${load.roundTrips} round trips, ${mib(load.bytes / 1024)} MiB each way, ${
      seconds(start)
    }`,
  );
  check(load.failures.length === 0, `200 clients × 200 round trips byte-exact, none lost`);
  for (const failure of load.failures.slice(0, 5)) console.log(`     ${failure}`);
  for (const [i, fault] of FAULTS.entries()) {
    check(faults[i] === undefined, `fault: ${fault.name}${faults[i] ? ` (${faults[i]})` : ""}`);
  }
  const after = await settled(server.pid, before.fds);
  console.log(`after:  ${formatStats(after)}`);
  check(after.fds === before.fds, `descriptors back to ${before.fds}`);
  const again = await tcpLoad({ port, clients: 200, rounds: 100, maxBytes: 65536, seed: 6 });
  check(again.failures.length === 0, "200 clients × 100 more round trips byte-exact");
  const after2 = await settled(server.pid, before.fds);
  console.log(`after 20,000 more: ${formatStats(after2)}`);
  check(after2.fds === before.fds, `descriptors back to ${before.fds}`);
  check(
    after2.rssKiB - after.rssKiB < 8 * 1024,
    `RSS levels off: 20,000 more round trips add < 8 MiB (${mib(after2.rssKiB - after.rssKiB)})`,
  );

  const midRun = tcpLoad({ port, clients: 50, rounds: 10_000, maxBytes: 4096, seed: 3 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const stopped = await server.stop("SIGTERM");
  const cut = await midRun;
  console.log(`SIGTERM mid-run: ${cut.roundTrips} round trips done, ${cut.failures.length} cut`);
  check(stopped.code === 0, "SIGTERM mid-run: exit code 0");
  check(stopped.stderr === "", `SIGTERM mid-run: nothing on stderr${stopped.stderr}`);
}

// --- TCP: stalled peers against --idle-timeout, under load -------------------------------
if (runs("tcp")) {
  console.log("\n## TCP: tcp_server -k --idle-timeout 5");
  const port = freeTcpPort();
  // --idle-timeout 5: long enough that a busy machine never starves a working client that long
  await using server = new Server("tcp_server", port, [
    "-k",
    "--idle-timeout=5",
    "--max-per-host=1000",
  ]);
  await untilListening(port);
  const [load, ...faults] = await Promise.all([
    tcpLoad({ port, clients: 20, rounds: 50, maxBytes: 16384, seed: 5 }),
    ...IDLE_FAULTS.map((fault) => fault.run(port)),
  ]);
  check(load.failures.length === 0, "20 clients × 50 round trips byte-exact beside the stalls");
  for (const [i, fault] of IDLE_FAULTS.entries()) {
    check(faults[i] === undefined, `fault: ${fault.name}${faults[i] ? ` (${faults[i]})` : ""}`);
  }
  const { code, stderr } = await server.stop("SIGINT");
  const dropped = stderr.split("\n").filter((line) => line.startsWith("Dropped "));
  check(
    dropped.length === IDLE_FAULTS.length,
    `one "Dropped" line per stalled peer: ${dropped.length}`,
  );
  check(code === 0, "SIGINT: exit code 0");
}

// --- UDP: 8 senders × 20,000 datagrams, then memory over rounds ---------------------------
if (runs("udp")) {
  console.log("\n## UDP: udp_server");
  const port = freeUdpPort();
  await using server = new Server("udp_server", port, []);
  await new Promise((resolve) => setTimeout(resolve, RUNTIME === "node" ? 1500 : 1000));
  await udpLoad({ port, senders: 2, datagrams: 500, maxBytes: 1400, seed: 1 }); // warm-up
  const before = await processStats(server.pid);
  console.log(`before: ${formatStats(before)}`);
  const start = performance.now();
  const flood = await udpLoad({ port, senders: 8, datagrams: 20_000, maxBytes: 1400, seed: 2 });
  console.log(
    `flood: ${flood.sent} sent, ${flood.replies} replies, ${flood.lost} lost ` +
      `(${flood.late} of them answered late), ${flood.wrong} wrong, ${seconds(start)}`,
  );
  check(flood.wrong === 0, "every reply matches its datagram");
  check(flood.replies + flood.lost === flood.sent, "every datagram answered or counted lost");
  const after = await processStats(server.pid);
  console.log(`after:  ${formatStats(after)}`);
  check(after.fds === before.fds, `descriptors back to ${before.fds}`);

  const stopped = await server.stop("SIGTERM");
  check(stopped.code === 0, "still running after the flood: SIGTERM ends it with exit code 0");
}

// --- UDP: memory over rounds, with V8's full collections ----------------------------------
if (runs("udp")) {
  console.log(`\n## UDP: udp_server memory over ${MEMORY_ROUNDS} rounds of 10,000 datagrams`);
  const port = freeUdpPort();
  await using server = new Server("udp_server", port, [], true);
  await new Promise((resolve) => setTimeout(resolve, RUNTIME === "node" ? 1500 : 1000));
  const series = [(await processStats(server.pid)).rssKiB];
  let wrong = 0;
  for (let round = 1; round <= MEMORY_ROUNDS; round++) {
    // small datagrams: the server prints each, and this run reads its stdout for V8's lines
    const result = await udpLoad({
      port,
      senders: 4,
      datagrams: 2_500,
      maxBytes: 64,
      seed: 100 + round,
    });
    wrong += result.wrong;
    series.push((await processStats(server.pid)).rssKiB);
  }
  check(wrong === 0, "every reply matches its datagram");
  console.log(`RSS MiB, at start then after each round: ${series.map(mib).join(" ")}`);
  const half = Math.floor(series.length / 2);
  const firstHalf = Math.max(...series.slice(0, half)) - series[0]!;
  const secondHalf = Math.max(...series.slice(half)) - Math.max(...series.slice(0, half));
  console.log(
    `highest RSS: first half +${mib(firstHalf)} MiB over the start, ` +
      `second half +${mib(secondHalf)} MiB over the first half`,
  );
  const live = server.fullGcs.map((gc) => gc.after);
  console.log(
    `V8 full collections: ${live.length}; live heap after each (MB): ${live.join(" ")}; ` +
      `committed at most ${Math.max(0, ...server.fullGcs.map((gc) => gc.committed))} MB`,
  );
  check(secondHalf < 8 * 1024, "RSS levels off (the second half's peak < 8 MiB over the first's)");
  if (live.length >= 2) {
    check(live.at(-1)! - live[0]! < 2, "the live JS heap after full collections does not grow");
  }
  const stopped = await server.stop("SIGTERM");
  check(stopped.code === 0, "still running after every round: SIGTERM ends it with exit code 0");
}

// --- Files: 20 senders × 1-50 MiB into one file_receiver -k, with faults -----------------
/** A new folder for received files (through mktemp: this script may not write). */
async function scratchDir(): Promise<string> {
  return (await execute("mktemp", ["-d"], { output: "capture" })).stdout.trim();
}

/** Runs `command`, its output thrown away (such as `rm -rf` of the received files). */
async function run(command: string, ...args: string[]): Promise<void> {
  await execute(command, args, { output: "capture" });
}

/** The names in `dir` that are not received files: part files, or anything else. */
async function leftovers(dir: string): Promise<string[]> {
  const names = (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name);
  return names.filter((name) => !name.startsWith("received_"));
}

/** `file_receiver -k` with its documented permissions, writing in `dir` (its working folder). */
function receiver(dir: string, port: number, ...flags: string[]): Server {
  return new Server("file_receiver", port, ["-k", "--max-per-host=1000", ...flags], false, dir);
}

/** `stderr`'s lines but the one of untilListening()'s empty connection, which is checked. */
function withoutProbe(stderr: string): string {
  const lines = stderr.split("\n");
  const probe = lines.filter((line) =>
    line.endsWith("closed the connection without sending anything")
  );
  check(probe.length === 1, "untilListening()'s empty connection: one line");
  return lines.filter((line) => !probe.includes(line)).join("\n");
}

/** Checks that the stderr lines starting with "Cannot " are `times` lines per fault, of its kind. */
function faultLines(stderr: string, faults: { name: string; line: RegExp }[], times = 1): void {
  const failed = stderr.split("\n").filter((line) => line.startsWith("Cannot "));
  check(
    failed.length === faults.length * times,
    `${times} "Cannot" line(s) per fault: ${failed.length}`,
  );
  for (const fault of faults) {
    const lines = failed.filter((line) => fault.line.test(line));
    check(lines.length === times, `its line(s): ${lines[0] ?? fault.line}`);
  }
}

if (runs("files")) {
  console.log("\n## Files: file_receiver -k, 20 senders × 1-50 MiB");
  const dir = await scratchDir();
  try {
    const port = freeTcpPort();
    await using server = receiver(dir, port);
    await untilListening(port); // an empty connection: one "Cannot receive" line
    const start0 = await processStats(server.pid);
    console.log(`started: ${formatStats(start0)}`);
    const MiB = 1024 * 1024;
    const warmUp = await fileLoad({ port, dir, senders: 20, minBytes: 1, maxBytes: MiB, seed: 1 });
    check(warmUp.failures.length === 0, "warm-up: 20 senders × up to 1 MiB, SHA-256 identical");
    const before = await settled(server.pid, start0.fds);
    console.log(`before: ${formatStats(before)} (after the warm-up)`);
    const rss: number[] = [];
    // rounds enough for memory to level off on Node too (docs/reliability.md)
    for (let round = 1, seed = 2; round <= FILE_ROUNDS; round++, seed++) {
      const start = performance.now();
      const [load, ...faults] = await Promise.all([
        fileLoad({ port, dir, senders: 20, minBytes: MiB, maxBytes: 50 * MiB, seed }),
        ...FILE_FAULTS.map((fault) => fault.run(port)),
      ]);
      console.log(
        `round ${round}: ${load.files} files, ${mib(load.bytes / 1024)} MiB, ${seconds(start)}`,
      );
      check(load.failures.length === 0, `round ${round}: 20 files of 1-50 MiB SHA-256 identical`);
      for (const failure of load.failures.slice(0, 5)) console.log(`     ${failure}`);
      for (const [i, fault] of FILE_FAULTS.entries()) {
        check(faults[i] === undefined, `fault: ${fault.name}${faults[i] ? ` (${faults[i]})` : ""}`);
      }
      check((await leftovers(dir)).length === 0, "no part file, no file of a failed transfer");
      const after = await settled(server.pid, before.fds);
      console.log(`after round ${round}: ${formatStats(after)}`);
      check(after.fds === before.fds, `descriptors back to ${before.fds}`);
      rss.push(after.rssKiB);
      await run("find", dir, "-name", "received_*", "-delete"); // 0.5 GB a round
    }
    console.log(`RSS MiB after each round: ${rss.map(mib).join(" ")}`);
    // Node's allocator keeps more for longer before it levels off (docs/reliability.md)
    const growth = Math.max(...rss.slice(-3)) - Math.max(...rss.slice(0, -3));
    check(
      growth < 8 * 1024,
      `RSS levels off: the last 3 rounds add < 8 MiB to the highest before them (${mib(growth)})`,
    );
    const stopped = await server.stop("SIGTERM");
    check(stopped.code === 0, "still running after every round: SIGTERM ends it with exit code 0");
    faultLines(withoutProbe(stopped.stderr), FILE_FAULTS, FILE_ROUNDS); // one line per fault a round
  } finally {
    await run("rm", "-rf", dir);
  }
}

if (runs("files")) {
  console.log("\n## Files: file_receiver -k --idle-timeout 5 --header-timeout 5, then SIGTERM");
  const dir = await scratchDir();
  try {
    const port = freeTcpPort();
    await using server = receiver(dir, port, "--idle-timeout=5", "--header-timeout=5");
    await untilListening(port); // an empty connection: one "Cannot receive" line
    const [load, ...faults] = await Promise.all([
      fileLoad({ port, dir, senders: 8, minBytes: 1, maxBytes: 8 << 20, seed: 4 }),
      ...STALL_FAULTS.map((fault) => fault.run(port)),
    ]);
    check(
      load.failures.length === 0,
      "8 senders × up to 8 MiB SHA-256 identical beside the stalls",
    );
    for (const [i, fault] of STALL_FAULTS.entries()) {
      check(faults[i] === undefined, `fault: ${fault.name}${faults[i] ? ` (${faults[i]})` : ""}`);
    }
    const midLoad = fileLoad({
      port,
      dir,
      senders: 20,
      minBytes: 16 << 20,
      maxBytes: 50 << 20,
      seed: 5,
      pauseMs: 10, // so that the signal lands mid-transfer
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stopped = await server.stop("SIGTERM");
    const cut = await midLoad;
    console.log(`SIGTERM mid-load: ${cut.files} files whole, ${cut.failures.length} cut`);
    check(stopped.code === 0, "SIGTERM mid-load: exit code 0");
    const stopping = stopped.stderr.split("\n").filter((line) => line.endsWith("is stopping"));
    check(
      stopping.length === cut.failures.length && cut.failures.length > 0,
      `one "the receiver is stopping" line per cut transfer: ${stopping.length}`,
    );
    faultLines(
      withoutProbe(stopped.stderr).split("\n").filter((line) => !line.endsWith("is stopping"))
        .join("\n"),
      STALL_FAULTS,
    );
    check((await leftovers(dir)).length === 0, "no part file left; whole files SHA-256 identical");
  } finally {
    await run("rm", "-rf", dir);
  }
}

console.log(`\n${failures === 0 ? "all checks passed" : `${failures} checks FAILED`}`);
Deno.exit(failures === 0 ? 0 : 1);
