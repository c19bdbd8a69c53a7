/**
 * Least privilege, documented once: each script's shebang, module doc, README
 * line and deno.json task grant exactly the permissions in scripts/programs.ts
 * (which the end-to-end tests run the scripts with).
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { PROGRAMS, runCommand } from "../scripts/programs.ts";
import { ROOT } from "../scripts/_harness/process.ts";

const readme = await Deno.readTextFile(`${ROOT}README.md`);
const tasks: Record<string, string> = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;

for (const program of PROGRAMS) {
  Deno.test(`${program.name}: shebang, module doc, README and task grant the same least privilege`, async () => {
    const source = await Deno.readTextFile(`${ROOT}${program.script}`);
    const command = runCommand(program);
    assertEquals(
      source.split("\n")[0],
      `#!/usr/bin/env -S deno run ${program.permissions.join(" ")}`,
    );
    assert(source.includes(` * ${command}\n`), `the module doc shows: ${command}`);
    assert(readme.includes(`\`${command}\``), `the README shows: ${command}`);
    assert(Object.values(tasks).includes(command), `a deno.json task runs: ${command}`);
  });
}

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

Deno.test("every npm script is the deno.json task of the same name, word for word", async () => {
  const scripts: Record<string, string> =
    JSON.parse(await Deno.readTextFile(`${ROOT}package.json`)).scripts;
  for (const [name, command] of Object.entries(scripts)) {
    assertEquals(command, tasks[name], `npm script "${name}"`);
  }
});
