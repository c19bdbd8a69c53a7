/**
 * The JSR package as `deno publish` would upload it (a dry run, which needs
 * no network): the library and the programs with their Python originals,
 * the README, LICENSE and doc pages; no tests, images or tooling. Each
 * program is an export, as the README's `jsr:` specifiers name it.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { programName, ROOT, Spawned } from "../scripts/_harness/process.ts";
import { PROGRAMS } from "../scripts/programs.ts";

const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));

/** The repository's files in git, from the root. */
async function gitFiles(): Promise<string[]> {
  await using git = new Spawned("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    timeoutMs: 30_000,
  });
  const { code, stdout } = await git.outcome();
  assertEquals(code, 0);
  return stdout.trim().split("\n");
}

Deno.test("deno publish --dry-run uploads the library and the programs, and no tests or tooling", async () => {
  // --allow-dirty: the list is the same with uncommitted changes, as while testing them
  await using publish = new Spawned(Deno.execPath(), ["publish", "--dry-run", "--allow-dirty"], {
    timeoutMs: 120_000,
  });
  const { code, stderr } = await publish.outcome();
  assertEquals(code, 0, stderr);
  assert(stderr.includes("Dry run complete"), stderr);
  const listed = stderr.split("\n").filter((line) => line.includes("file://"))
    .map((line) => line.trim().replace(/^file:\/\//, "").replace(/ \([\d.]+[KMG]?B\)$/, ""))
    .map((path) => path.slice(ROOT.length));
  assert(listed.length > 0, stderr);

  const expected = (await gitFiles()).filter((path) =>
    (/^(lib|tcp|udp|filetransfer)\//.test(path) || /^docs\/[^/]+\.md$/.test(path) ||
      ["README.md", "LICENSE", "deno.json"].includes(path)) &&
    !/_test\.ts$|\.node\.ts$|^lib\/_assert\.ts$/.test(path)
  );
  assertEquals(listed.sort(), expected.sort());
  for (const program of PROGRAMS) {
    assert(listed.includes(program.script), program.script);
    assert(listed.includes(program.script.replace(/\.ts$/, ".py")), `${program.name}.py`);
  }
  const strays = listed.filter((path) =>
    /^(tests|scripts|bin)\/|_test\.ts$|\.png$|^package(-lock)?\.json$/.test(path)
  );
  assertEquals(strays, []);
});

Deno.test("each program is a JSR export, and the README names them so", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const name: string = config.name;
  assertEquals(config.exports["."], "./lib/mod.ts");
  assert(readme.includes(`from "jsr:${name}";`), `the README imports jsr:${name}`);
  for (const program of PROGRAMS) {
    assertEquals(config.exports[`./${programName(program.script)}`], `./${program.script}`);
  }
  assert(readme.includes(`\`jsr:${name}/tcp_server\``), readme);
});
