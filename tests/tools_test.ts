/**
 * Every tool under scripts/ (each a deno.json task and npm script) answers
 * --help with its usage, and a flag it does not know with one line and exit
 * 2, before doing any work.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { tool, TOOLS } from "../scripts/programs.ts";
import { spawnDeno } from "../scripts/_harness/process.ts";

for (const info of TOOLS) {
  Deno.test(`${info.script}: --help is its usage, a bad flag one line and exit 2`, async () => {
    await using help = spawnDeno(info.script, info.permissions, ["--help"]);
    const h = await help.outcome();
    assertEquals([h.code, h.stderr], [0, ""], info.script);
    assert(h.stdout.startsWith("Usage: "), h.stdout);

    await using bad = spawnDeno(info.script, info.permissions, ["--no-such-flag"]);
    const b = await bad.outcome();
    assertEquals(
      [b.code, b.stdout, b.stderr],
      [2, "", 'Unknown flag "--no-such-flag": run with --help for usage\n'],
      info.script,
    );
  });
}

Deno.test("the tools that are checked include the comparison, the builds, bench and stress", () => {
  for (
    const task of ["compare", "build:npm", "compile", "compile:node", "test", "bench", "stress"]
  ) {
    assert(TOOLS.some((info) => info.task === task), `no tool runs the task ${task}`);
  }
});

/** Runs a tool with `args`; asserts it ends with this one line on stderr and exit 2. */
async function assertUsageError(task: string, args: string[], line: string): Promise<void> {
  const info = tool(task);
  await using child = spawnDeno(info.script, info.permissions, args);
  const { code, stdout, stderr } = await child.outcome();
  assertEquals([code, stdout, stderr], [2, "", `${line}\n`], args.join(" "));
}

Deno.test("bench and stress refuse a bad value in one line and exit 2, before any work", async () => {
  await assertUsageError(
    "bench",
    ["--rows", "echo,speed"],
    'Invalid --rows "speed": expected one of echo, file, rss, startup',
  );
  await assertUsageError(
    "bench",
    ["--only=deno,java"],
    'Invalid --only "java": expected one of socat, c, python, bare-deno, deno, bare-node, node, sea',
  );
  await assertUsageError(
    "bench",
    ["--quick", "extra"],
    'Unexpected argument "extra": run with --help for usage',
  );
  await assertUsageError(
    "stress",
    ["--runtime", "bun"],
    'Invalid runtime "bun": expected deno or node',
  );
  await assertUsageError(
    "stress",
    ["--only", "udp", "--rounds", "2"],
    'Invalid rounds "2": expected a whole number from 30, the rounds the memory check needs to see RSS level off',
  );
});
