/**
 * What the programs and tools print speaks to a reader who cannot see the
 * project's tracker: no source under lib/, scripts/, bin/, tests/ or a
 * program's folder names an issue number (targets are named by what they
 * measure).
 */
import { assertEquals } from "../lib/_assert.ts";
import { ROOT, Spawned } from "../scripts/_harness/process.ts";

/** "issue" and a number, as in a tracker's reference (built here so this file has none). */
const ISSUE_NUMBER = new RegExp(["issue", "[ -]?#?\\d+"].join(""), "i");

Deno.test("no source of a program, tool, library or test names an issue number", async () => {
  await using git = new Spawned("git", [
    "ls-files",
    "--cached",
    "--others",
    "--exclude-standard",
    "lib",
    "scripts",
    "bin",
    "tests",
    "tcp",
    "udp",
    "filetransfer",
  ], { timeoutMs: 30_000 });
  const { stdout } = await git.outcome();
  const found: string[] = [];
  for (const path of stdout.trim().split("\n")) {
    if (!/\.(ts|py|c)$/.test(path)) continue;
    const lines = (await Deno.readTextFile(`${ROOT}${path}`)).split("\n");
    lines.forEach((line, i) => {
      if (ISSUE_NUMBER.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  assertEquals(found, []);
});
