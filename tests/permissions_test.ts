/**
 * Least privilege, documented once: each script's shebang, module doc, README
 * line, deno.json task and npm script grant exactly the permissions in
 * scripts/programs.ts (which the end-to-end tests and tools derive theirs from).
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { program, PROGRAMS, runCommand, shebang, taskCommand, TOOLS } from "../scripts/programs.ts";
import { ROOT, Spawned } from "../scripts/_harness/process.ts";

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

/** The Deno that `npx deno` runs after `npm ci`, started directly so that a kill reaches it. */
const DENO = `${ROOT}node_modules/.bin/deno`;

/** The `sh` lines of the first code block under the heading `## section` of docs/permissions.md, as argv. */
async function documentedCommands(section: string): Promise<string[][]> {
  const page = await Deno.readTextFile(`${ROOT}docs/permissions.md`);
  const after = page.slice(page.indexOf(`\n## ${section}\n`));
  const block = after.match(/```sh\n([\s\S]*?)```/)?.[1] ?? "";
  return block.trim().split("\n").map((line) =>
    [...line.replace(/\s+#.*$/, "").matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!)
  );
}

/** Runs a documented `npx deno run …` line with the Deno `npx` would find. */
function runDocumented(argv: string[], options: { cwd?: string; replace?: [string, string] } = {}) {
  assertEquals(argv.slice(0, 3), ["npx", "deno", "run"]);
  const [from, to] = options.replace ?? ["", ""];
  const args = argv.slice(2).map((arg) => from === "" ? arg : arg.replaceAll(from, to));
  return new Spawned(DENO, args, { cwd: options.cwd, timeoutMs: 30_000 });
}

Deno.test("docs/permissions.md's IPv6 UDP pair works as written", async () => {
  const [server, client] = await documentedCommands("UDP");
  assert(server!.includes("--host") && client!.includes("--host"), "both sides on IPv6");
  await using s = runDocumented(server!);
  await s.waitForStdout("UDP 服务器已启动，等待消息...");
  await using c = runDocumented(client!);
  await c.write("hello over ipv6\nquit\n");
  const co = await c.outcome();
  assertEquals([co.code, co.stderr, co.stdout], [0, "", ">> 服务器回显: HELLO OVER IPV6\n>> "]);
  await s.waitForStdout(" 的消息: hello over ipv6\n");
  assert(/收到来自 \('::1', \d+, 0, 0\) 的消息/.test(s.stdout), s.stdout);
  s.kill("SIGTERM");
  assertEquals((await s.outcome()).code, 0);
});

Deno.test("docs/permissions.md's sender line sends a file of your own with --allow-read=PATH", async () => {
  const [sender] = await documentedCommands("File transfer");
  const folder = await Deno.makeTempDir({ prefix: "socket-primer-send-" });
  try {
    await Deno.mkdir(`${folder}/in`);
    const path = `${folder}/notes.txt`;
    await Deno.writeTextFile(path, "a file of my own\n".repeat(1000));
    const receiver = program("file_receiver");
    await using r = new Spawned(
      DENO,
      ["run", ...receiver.permissions, `${ROOT}${receiver.script}`],
      { cwd: `${folder}/in`, timeoutMs: 30_000 },
    );
    await r.waitForStdout("[*] 正在监听 ");
    await using s = runDocumented(sender!, { replace: ["PATH", path] });
    const so = await s.outcome();
    assertEquals(so.code, 0, so.stderr);
    assertEquals((await r.outcome()).code, 0);
    assertEquals(
      await Deno.readTextFile(`${folder}/in/received_notes.txt`),
      await Deno.readTextFile(path),
    );
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
