/**
 * Least privilege, documented once: each script's shebang, module doc, README
 * line, deno.json task and npm script grant exactly the permissions in
 * scripts/programs.ts (which the end-to-end tests and tools derive theirs from).
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { PROGRAMS, runCommand, shebang, taskCommand, TOOLS } from "../scripts/programs.ts";
import { ROOT } from "../scripts/_harness/process.ts";

const readme = await Deno.readTextFile(`${ROOT}README.md`);
const tasks: Record<string, string> = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;

for (const program of PROGRAMS) {
  Deno.test(`${program.name}: shebang, module doc and README grant the same least privilege`, async () => {
    const source = await Deno.readTextFile(`${ROOT}${program.script}`);
    const command = runCommand(program);
    assertEquals(source.split("\n")[0], shebang(program));
    assert(source.includes(` * ${command}\n`), `the module doc shows: ${command}`);
    assert(readme.includes(`\`${command}\``), `the README shows: ${command}`);
  });
}

Deno.test("the documented run lines work after npm ci alone: npx deno run, never a bare deno", async () => {
  for (const program of PROGRAMS) {
    const source = await Deno.readTextFile(`${ROOT}${program.script}`);
    const bare = source.split("\n").filter((line) => /^ \* deno /.test(line));
    assertEquals(bare, [], program.script);
  }
  const bare = readme.split("\n").filter((line) => /(^|[`$] ?)deno (run|task) /.test(line));
  assertEquals(bare, [], "README lines with a bare deno");
});

Deno.test("deno.json has exactly one task per program and tool, each `env deno run` with its permissions", () => {
  assertEquals(
    tasks,
    Object.fromEntries([...PROGRAMS, ...TOOLS].map((info) => [info.task, taskCommand(info)])),
  );
});

Deno.test("every npm script is the deno.json task of the same name, word for word", async () => {
  const scripts: Record<string, string> =
    JSON.parse(await Deno.readTextFile(`${ROOT}package.json`)).scripts;
  assertEquals(
    Object.keys(scripts).sort(),
    [...PROGRAMS, ...TOOLS].map((info) => info.task).sort(),
  );
  for (const [name, command] of Object.entries(scripts)) {
    assertEquals(command, tasks[name], `npm script "${name}"`);
  }
});

Deno.test("the README names each program's task, which runs as an npm script too", () => {
  for (const program of PROGRAMS) {
    assert(readme.includes(`${program.task}\``), `the README names the task ${program.task}`);
  }
  assert(readme.includes("`npm run tcp:server`"), "the README shows npm run tcp:server");
});

Deno.test("every script in tcp/, udp/ and filetransfer/ is listed in scripts/programs.ts", async () => {
  const scripts: string[] = [];
  for (const dir of ["tcp", "udp", "filetransfer"]) {
    try {
      for await (const entry of Deno.readDir(`${ROOT}${dir}`)) {
        if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
          scripts.push(`${dir}/${entry.name}`);
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  assertEquals(scripts.sort(), PROGRAMS.map((program) => program.script).sort());
});
