/**
 * The whole test suite, as the README's test command and CI run it:
 * formatting, lint, type checks (including every JSDoc example), the npm
 * build and the Node single executable built from it, the unit, doc and
 * end-to-end tests on Deno, then the runtime tests and the programs'
 * end-to-end suites again on Node, against the npm build, and once more
 * against the single executable. Node runs with `--pending-deprecation
 * --throw-deprecation` on those passes: a deprecated Node API fails them. Last, the benchmark's smoke test
 * (`scripts/bench.ts --quick`: figures exist, transfers arrive intact).
 * Ends with one line of counts.
 *
 * ```sh
 * npm test          # or, with Deno installed and no node_modules: deno task test
 * ```
 *
 * @module
 */

import { denoRunArgs, execute } from "./_harness/command.ts";
import { parseToolFlags } from "./_harness/flags.ts";
import { tool } from "./programs.ts";
import { NODE_FLAGS } from "./_harness/process.ts";
import { ROOT } from "./_harness/root.ts";

parseToolFlags(
  Deno.args,
  `Usage: run_tests

Runs the whole suite: format, lint, type checks, the builds, the tests on Deno,
then the programs' end-to-end suites on Node and on the single executable.

  -h, --help  show this help`,
  {},
);

const DENO = Deno.execPath();
const TEST_PERMISSIONS = [
  "--allow-run",
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
];

interface Step {
  name: string;
  command?: string;
  /** The arguments, or a function that finds them when the step runs. */
  args: string[] | (() => Promise<string[]>);
  env?: Record<string, string>;
}

/**
 * The end-to-end suites of the programs in the npm build: `tests/tcp_test.ts`
 * and `tests/tcp_*_test.ts` (keep-open, load) for the scripts in `npm/tcp/`,
 * and so on. A script added to the bin brings its folder into the build, and
 * so its suites into the Node pass. Then the suites over every program
 * ({@linkcode ALL_PROGRAM_SUITES}).
 */
async function nodeSuites(): Promise<string[]> {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(`${ROOT}npm`)) {
    if (entry.isDirectory) folders.push(entry.name);
  }
  const suites: string[] = [];
  for await (const entry of Deno.readDir(`${ROOT}tests`)) {
    const folder = entry.name.match(/^([a-z]+)(?:_[a-z_]+)?_test\.ts$/)?.[1];
    if (entry.isFile && folder !== undefined && folders.includes(folder)) {
      suites.push(`tests/${entry.name}`);
    }
  }
  return [...suites.sort(), ...ALL_PROGRAM_SUITES];
}

/** The end-to-end suites that run every program, on each pass. */
const ALL_PROGRAM_SUITES = ["tests/flag_errors_test.ts"];

const STEPS: Step[] = [
  { name: "format", args: ["fmt", "--check"] },
  { name: "lint", args: ["lint"] },
  { name: "type check", args: ["check", "--doc", "."] },
  {
    name: "npm build",
    args: denoRunArgs(tool("build:npm")),
  },
  {
    name: "Node single executable build",
    args: denoRunArgs(tool("compile:node")),
  },
  { name: "tests", args: ["test", ...TEST_PERMISSIONS, "--doc", "lib/", "tests/", "scripts/"] },
  {
    name: "runtime tests on Node",
    command: "node",
    // Deprecated Node APIs are errors on every Node pass (as scripts/_harness/process.ts runs Node).
    args: [
      ...NODE_FLAGS,
      "--test",
      "--test-reporter=spec",
      "npm/lib/_runtime_test.js",
    ],
  },
  {
    name: "end-to-end tests on Node (the npm build)",
    args: async () => ["test", ...TEST_PERMISSIONS, ...await nodeSuites()],
    env: { SOCKET_PRIMER_RUNTIME: "node" },
  },
  {
    name: "end-to-end tests on the Node single executable (dist/node)",
    args: async () => ["test", ...TEST_PERMISSIONS, ...await nodeSuites()],
    env: { SOCKET_PRIMER_RUNTIME: "sea" },
  },
  {
    // asserts only that every row has a figure and every transfer arrives intact, never a speed
    name: "benchmark smoke test",
    args: denoRunArgs(tool("bench"), ["--quick", "--no-build"]),
  },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps: string[] = [];

for (const step of STEPS) {
  const command = step.command ?? "deno";
  const args = typeof step.args === "function" ? await step.args() : step.args;
  const env = Object.entries(step.env ?? {}).map(([key, value]) => `${key}=${value} `).join("");
  console.log(`\n=== ${step.name}: ${env}${command} ${args.join(" ")}`);
  const { code, stdout, stderr } = await execute(command === "deno" ? DENO : command, args, {
    output: "tee",
    env: { NO_COLOR: "1", ...step.env },
  });
  const output = stdout + stderr;
  const counts = countTests(output);
  if (counts) {
    passed += counts[0];
    failed += counts[1];
    skipped += counts[2];
  } else if (code === 0) {
    passed++;
  } else {
    failed++;
  }
  if (code !== 0) failedSteps.push(step.name);
}

console.log();
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join(", ")}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
Deno.exit(failedSteps.length === 0 && failed === 0 ? 0 : 1);

/**
 * The passed, failed and skipped counts of `deno test` ("ok | 75 passed (4
 * steps) | 0 failed | 2 ignored") or `node --test`, if the output has them.
 */
function countTests(output: string): [number, number, number] | undefined {
  const deno = [
    ...output.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed(?: \| (\d+) ignored)?/g),
  ]
    .at(-1);
  if (deno) return [Number(deno[1]), Number(deno[2]), Number(deno[3] ?? 0)];
  const nodePass = output.match(/^ℹ pass (\d+)$/m);
  const nodeFail = output.match(/^ℹ fail (\d+)$/m);
  const nodeSkipped = output.match(/^ℹ skipped (\d+)$/m);
  if (nodePass && nodeFail) {
    return [Number(nodePass[1]), Number(nodeFail[1]), Number(nodeSkipped?.[1] ?? 0)];
  }
  return undefined;
}
