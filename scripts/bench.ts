/**
 * Benchmarks: every program against native references and against its floor
 * (the same work written bare on Deno and on Node, and in C with SHA-256 for
 * the file row), measured in the same run on loopback by a native driver
 * (`scripts/bench/driver.c`, built with `cc`), never by the runtime under test. Each figure is the median of
 * several runs with its min and max; the implementations take turns, in an
 * order that rotates from run to run. Counts and times are bounded, and every
 * process is killed at the end.
 *
 * ```sh
 * npm run bench              # builds npm/ and dist/node, about 6 minutes; writes docs/benchmarks.md
 * npm run bench -- --quick   # the smoke test (under 30 s): every row has a figure, files arrive intact
 * ```
 *
 * `--no-build` uses npm/ and dist/node as they are (the test runner builds them first);
 * `--only c,deno` measures only those implementations (socat always runs), `--rows echo,file`
 * only those sections (echo, file, rss, startup); either writes nothing.
 *
 * @module
 */
import { capture, denoRunArgs, runOrExit } from "./_harness/command.ts";
import { parseToolFlags, usageExit } from "./_harness/flags.ts";
import { tool } from "./programs.ts";
import { echoRun } from "./bench/echo.ts";
import { transfer, writeSource } from "./bench/file_transfer.ts";
import { buildDriver, buildFilePair, OPENSSL_HEADER } from "./bench/native.ts";
import {
  ECHO_ROWS,
  ECHO_TARGETS,
  FILE_PAIRS,
  FULL,
  QUICK,
  RSS_RECEIVERS,
  STARTUP_ROWS,
} from "./bench/plan.ts";
import { fullTables, headline, pairId, rssId } from "./bench/report.ts";
import { Samples } from "./bench/samples.ts";
import { toListening, toRefused } from "./bench/startup.ts";
import { ROOT, TARGETS } from "./bench/targets.ts";

const RESULTS = `${ROOT}docs/benchmarks.md`;
const SECTIONS = ["echo", "file", "rss", "startup"];
const { values } = parseToolFlags(
  Deno.args,
  `Usage: bench [--quick] [--no-build] [--only TARGETS] [--rows SECTIONS]

Benchmarks every program against native references on loopback and writes
docs/benchmarks.md (a full run only).

  --quick           the smoke test: every row has a figure, files arrive intact
  --no-build        use npm/ and dist/node as they are
  --only TARGETS    measure only these, comma-separated: ${TARGETS.join(", ")}
                    (socat always runs); writes nothing
  --rows SECTIONS   measure only these, comma-separated: ${SECTIONS.join(", ")};
                    writes nothing
  -h, --help        show this help`,
  {
    quick: { type: "boolean" },
    "no-build": { type: "boolean" },
    only: { type: "string" },
    rows: { type: "string" },
  },
);
// The native tools it measures with: cc builds the driver and the C file pair (with
// OpenSSL's libcrypto), socat is the reference.
const absent: string[] = [];
for (const command of ["cc", "socat"]) {
  const found = await capture("sh", ["-c", `command -v ${command}`]).then(() => true, () => false);
  if (!found) absent.push(command);
}
if (!await Deno.stat(OPENSSL_HEADER).then(() => true, () => false)) absent.push("libssl-dev");
if (absent.length > 0) {
  const line = `${absent.join(" and ")} ${absent.length > 1 ? "are" : "is"} not installed ` +
    `(Debian: apt-get install ${
      absent.map((command) => command === "cc" ? "gcc" : command).join(" ")
    })`;
  // the smoke test is skipped on such a machine, saying why; a full run cannot measure anything
  if (values.quick) console.error(`Skipped the benchmark smoke test: ${line}`);
  else console.error(`Cannot run the benchmark: ${line}`);
  Deno.exit(values.quick ? 0 : 1);
}
const plan = values.quick ? QUICK : FULL;
const only = listFlag("only", values.only, TARGETS);
const sections = listFlag("rows", values.rows, SECTIONS) ?? SECTIONS;
/** Whether `target` is measured in this run. */
const measured = (target: string) =>
  only === undefined || target === "socat" || only.includes(target);
const echoTargets = sections.includes("echo") ? ECHO_TARGETS.filter(measured) : [];
const filePairs = sections.includes("file")
  ? FILE_PAIRS.filter(([sender, receiver]) => measured(sender) && measured(receiver))
  : [];
const rssReceivers = sections.includes("rss") ? RSS_RECEIVERS.filter(measured) : [];
const startupRows = STARTUP_ROWS.map(({ id, targets }) => ({
  id,
  targets: sections.includes("startup") ? targets.filter(measured) : [],
}));
const started = performance.now();
const loadAtStart = await loadAverage();

/** Progress on stderr, with the seconds since the start. */
function log(text: string): void {
  console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
}

/** The list rotated by `n`: each run starts with another implementation. */
function rotated<T>(list: readonly T[], n: number): T[] {
  return list.map((_, i) => list[(i + n) % list.length]!);
}

const samples = new Samples();

/** Runs one measurement; a failure is recorded (and ends a quick run), not thrown. */
async function measure(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const line = `${what}: ${(error as Error).message.split("\n").slice(0, 3).join(" ")}`;
    log(`FAILED ${line}`);
    samples.failures.push(line);
  }
}

// 1. The builds: the npm package and the Node single executable, as they are now.
if (!values["no-build"]) {
  log("building npm/ and dist/node (scripts/compile_node.ts)");
  await runOrExit("build npm/ and dist/node", Deno.execPath(), denoRunArgs(tool("compile:node")), {
    output: "quiet",
    timeoutMs: 300_000,
  });
}
const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "socket-primer-bench-" });
try {
  const bench = { driver: await buildDriver(dir), filePair: await buildFilePair(dir), dir };

  // 2. The source files of the transfers.
  const source = `${dir}/bench.bin`;
  if (filePairs.length > 0) await writeSource(source, plan.fileSize);

  // 3. Echo, file transfer and start-up rows, the implementations taking turns.
  for (let rep = 0; rep < plan.reps; rep++) {
    for (const row of ECHO_ROWS) {
      log(`run ${rep + 1}/${plan.reps}: ${row.id}`);
      for (const target of rotated(echoTargets, rep)) {
        await measure(`${row.id}, ${target}`, async () => {
          const run = await echoRun(bench, row.transport, target, row.size, plan);
          samples.add(row.id, target, "rate", run.rate, rep);
          samples.add(row.id, target, "p50", run.p50Us, rep);
          samples.add(row.id, target, "p99", run.p99Us, rep);
          samples.add(row.id, target, "cpu", run.driverCpu, rep);
          samples.add(row.id, target, "rss", run.peakRssKiB, rep);
          samples.add(row.id, target, "serverCpu", run.serverCpuUs, rep);
        });
      }
    }
    log(`run ${rep + 1}/${plan.reps}: file transfers`);
    for (const pair of rotated(filePairs, rep)) {
      const id = pairId(pair);
      await measure(id, async () => {
        const run = await transfer(bench, pair[0], pair[1], source, plan.fileSize);
        samples.add(id, "pair", "mbps", run.mbps, rep);
        samples.add(id, "pair", "receiverRss", run.receiverRssKiB, rep);
        samples.add(id, "pair", "senderRss", run.senderRssKiB, rep);
        samples.add(id, "pair", "cpu", run.cpuPerGB, rep);
      });
    }
  }
  await Deno.remove(source).catch(() => {});

  // 4. The receivers' memory at two file sizes.
  for (const size of rssReceivers.length > 0 ? plan.rssSizes : []) {
    const path = `${dir}/rss.bin`;
    await writeSource(path, size);
    for (let rep = 0; rep < plan.reps; rep++) {
      log(`run ${rep + 1}/${plan.reps}: receiver memory, ${size / 1024 / 1024} MiB`);
      for (const receiver of rotated(rssReceivers, rep)) {
        await measure(`receiver memory, ${receiver}`, async () => {
          const run = await transfer(bench, "deno", receiver, path, size);
          samples.add(rssId(receiver, size), "receiver", "rss", run.receiverRssKiB, rep);
        });
      }
    }
    await Deno.remove(path);
  }

  // 5. Start-up.
  for (let rep = 0; rep < plan.startupReps; rep++) {
    log(`run ${rep + 1}/${plan.startupReps}: start-up`);
    for (const { id, targets } of startupRows) {
      for (const target of rotated(targets, rep)) {
        await measure(`start-up ${id}, ${target}`, async () => {
          const ms = id === "listening"
            ? await toListening(bench, target)
            : await toRefused(bench, target);
          samples.add(id, target, "ms", ms, rep);
        });
      }
    }
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}

// 6. The figures: every row must have one (the smoke test checks only that).
const missing: string[] = [];
for (const { id } of ECHO_ROWS) {
  for (const target of echoTargets) {
    if (samples.count(id, target, "rate") < plan.reps) missing.push(`${id}, ${target}`);
  }
}
for (const pair of filePairs) {
  if (samples.count(pairId(pair), "pair", "mbps") < plan.reps) missing.push(pairId(pair));
}
for (const size of plan.rssSizes) {
  for (const receiver of rssReceivers) {
    if (samples.count(rssId(receiver, size), "receiver", "rss") < plan.reps) {
      missing.push(`receiver memory, ${receiver}, ${size} bytes`);
    }
  }
}
for (const { id, targets } of startupRows) {
  for (const target of targets) {
    if (samples.count(id, target, "ms") < plan.startupReps) {
      missing.push(`start-up ${id}, ${target}`);
    }
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(0);
const machine = await describeMachine();
const loadAtEnd = await loadAverage();
const report = [
  `Measured ${
    new Date().toISOString().slice(0, 16).replace("T", " ")
  } UTC in ${seconds} s on ${machine}.`,
  `Load average (1 min): ${loadAtStart} at the start, ${loadAtEnd} at the end; ${
    Math.max(Number(loadAtStart), Number(loadAtEnd)) > navigator.hardwareConcurrency
      ? "above the number of cores: other work shared the CPUs, and the ranges show it"
      : "the machine had no other heavy work"
  }.`,
  `Each figure is the median of ${plan.reps} runs (start-up: ${plan.startupReps}), with the min and max in brackets.`,
  "",
  "### Headline\n",
  headline(samples, plan),
  "",
  fullTables(samples, plan),
].join("\n");
console.log(report);

if (missing.length > 0) {
  console.error(`\nCannot benchmark every row: no figure for ${missing.join("; ")}`);
  Deno.exit(1);
}
if (plan.quick) {
  console.error(
    `\nSmoke test passed: every row has a figure and every transfer was byte-identical (${seconds} s)`,
  );
} else if (only === undefined && values.rows === undefined) {
  await writeResults(report);
  console.error(`\nWrote ${RESULTS.slice(ROOT.length)}`);
}

/** Puts the report between the results markers of docs/benchmarks.md, keeping the prose around it. */
async function writeResults(text: string): Promise<void> {
  const START = "<!-- bench:results:start -->";
  const END = "<!-- bench:results:end -->";
  const page = await Deno.readTextFile(RESULTS).catch(() => `# Benchmarks\n\n${START}\n${END}\n`);
  const [before, rest] = page.split(START);
  const after = rest?.split(END)[1];
  if (before === undefined || after === undefined) {
    throw new Error(`Cannot write ${RESULTS}: the ${START} and ${END} markers are missing`);
  }
  await Deno.writeTextFile(RESULTS, `${before}${START}\n${text}\n${END}${after}`);
  // in the repository's format, so that `deno fmt --check` (part of the tests) stays clean
  await capture(Deno.execPath(), ["fmt", "--quiet", RESULTS]);
}

/** A comma-separated flag's values, each one of `known`; ends the tool in one line otherwise. */
function listFlag(
  flag: string,
  value: string | undefined,
  known: readonly string[],
): string[] | undefined {
  const list = value?.split(",");
  const unknown = list?.find((item) => !known.includes(item));
  if (unknown !== undefined) {
    usageExit(`Invalid --${flag} "${unknown}": expected one of ${known.join(", ")}`);
  }
  return list;
}

/** The 1-minute load average, from /proc/loadavg (read with cat, as below). */
async function loadAverage(): Promise<string> {
  return (await capture("cat", ["/proc/loadavg"]).catch(() => "?")).split(" ")[0]!;
}

/** The CPU, cores, kernel and the versions of every runtime measured. */
async function describeMachine(): Promise<string> {
  // read with cat and uname: Deno reads /proc only with --allow-all
  const cpuinfo = await capture("cat", ["/proc/cpuinfo"]).catch(() => "");
  const cpu = cpuinfo.match(/model name\s*:\s*(.+)/)?.[1]?.trim() ?? "an unknown CPU";
  const kernel = (await capture("uname", ["-r"]).catch(() => "?")).trim();
  const version = async (command: string, args: string[]) =>
    (await capture(command, args).catch(() => "?")).split("\n")[0]!.trim();
  const node = await version("node", ["--version"]);
  const python = await version("python3", ["--version"]);
  const socat = await version("socat", ["-V"]).then(() =>
    capture("socat", ["-V"]).then((t) => t.match(/socat version (\S+)/)?.[1] ?? "?")
  );
  const cc = await version("cc", ["--version"]);
  return `${cpu}, ${navigator.hardwareConcurrency} cores, Linux ${kernel}; Deno ${Deno.version.deno}, ` +
    `Node ${node}, ${python}, socat ${socat}, ${cc}; loopback, nothing pinned`;
}
