/**
 * The whole test suite, as the README's test command and CI run it:
 * formatting, lint, type checks (including every JSDoc example), then the
 * unit, doc and end-to-end tests. Ends with one line of counts.
 *
 * ```sh
 * npm test          # or, with Deno installed and no node_modules: deno task test
 * ```
 *
 * @module
 */

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
  args: string[];
}

const STEPS: Step[] = [
  { name: "format", args: ["fmt", "--check"] },
  { name: "lint", args: ["lint"] },
  { name: "type check", args: ["check", "--doc", "."] },
  { name: "tests", args: ["test", ...TEST_PERMISSIONS, "--doc", "lib/", "tests/", "scripts/"] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps: string[] = [];

for (const step of STEPS) {
  console.log(`\n=== ${step.name}: deno ${step.args.join(" ")}`);
  const { code, output } = await runTeed(step.args);
  // Deno's summary: "ok | 75 passed (4 steps) | 0 failed | 2 ignored (3s)".
  const counts = [...output.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].at(-1);
  if (counts) {
    passed += Number(counts[1]);
    failed += Number(counts[2]);
    skipped += Number(output.match(/\| (\d+) ignored/)?.[1] ?? 0);
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

/** Runs `deno ...args`, showing its output live and returning it too. */
async function runTeed(args: string[]): Promise<{ code: number; output: string }> {
  const child = new Deno.Command(DENO, {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const decoder = new TextDecoder();
  let output = "";
  const tee = async (stream: ReadableStream<Uint8Array>, to: typeof Deno.stdout) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      await to.write(chunk);
    }
  };
  const [status] = await Promise.all([
    child.status,
    tee(child.stdout, Deno.stdout),
    tee(child.stderr, Deno.stderr),
  ]);
  return { code: status.code, output };
}
