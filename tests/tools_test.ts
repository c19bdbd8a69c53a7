/**
 * Every tool under scripts/ (each a deno.json task and npm script) answers
 * --help with its usage, and a flag it does not know with one line and exit
 * 2, before doing any work.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { tool, TOOLS } from "../scripts/programs.ts";
import { spawnDeno } from "../scripts/_harness/process.ts";

// scripts/bench.ts is being rewritten elsewhere; it joins this list when it parses its flags.
const CHECKED = TOOLS.filter((info) => info.task !== "bench");

for (const info of CHECKED) {
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

Deno.test("the tools that are checked include the comparison and the builds", () => {
  for (const task of ["compare", "build:npm", "compile", "compile:node", "test"]) {
    assert(CHECKED.includes(tool(task)), task);
  }
});
