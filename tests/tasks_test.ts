/**
 * Every reader's way into the tasks works: `npx deno task` after `npm ci`
 * (Deno only in `node_modules/.bin`), a system-wide `deno task` beside that
 * `node_modules`, and a system-wide `deno task` in a copy without one. A task
 * with a bare `deno` fails in the first two (denoland/deno#27114); the tasks
 * say `env deno run` (see scripts/programs.ts).
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { MINIMAL_PATH, ROOT, Spawned } from "../scripts/_harness/process.ts";

/** The environment of a shell with node, npm and python3, and a Deno only if `bin` has one. */
function shell(bin?: string): Record<string, string> {
  return {
    HOME: Deno.env.get("HOME") ?? "/tmp",
    PATH: bin ? `${bin}:${MINIMAL_PATH}` : MINIMAL_PATH,
  };
}

/** Runs `tcp:server --help` as a task and checks that the program itself answered. */
async function taskAnswers(command: string, args: string[], cwd: string, bin?: string) {
  await using task = new Spawned(command, [...args, "task", "tcp:server", "--help"], {
    cwd,
    env: shell(bin),
    clearEnv: true,
    timeoutMs: 60_000,
  });
  const { code, stdout, stderr } = await task.outcome();
  assertEquals(code, 0, stderr);
  assertEquals(
    stdout.split("\n")[0],
    "Usage: tcp_server [--host HOST] [--port PORT] [--lang LANG] [--trace]",
  );
  assert(stderr.includes("env deno run --allow-net=0.0.0.0:8080 tcp/tcp_server.ts"), stderr);
}

/** A folder on the PATH with a system-wide `deno`: a link to the one running this test. */
async function systemDeno(): Promise<string> {
  const bin = await Deno.makeTempDir({ prefix: "socket-primer-bin-" });
  await Deno.symlink(Deno.execPath(), `${bin}/deno`);
  return bin;
}

Deno.test("a task runs after npm ci with npx deno task, with no Deno on the PATH", async () => {
  await taskAnswers("npx", ["--no-install", "deno"], ROOT);
});

Deno.test("a task runs with a system-wide deno beside node_modules", async () => {
  const bin = await systemDeno();
  try {
    await taskAnswers("deno", [], ROOT, bin);
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
});

Deno.test("a task runs with a system-wide deno and no node_modules", async () => {
  const bin = await systemDeno();
  const copy = await Deno.makeTempDir({ prefix: "socket-primer-copy-" });
  try {
    for (const file of ["deno.json", "package.json"]) {
      await Deno.copyFile(`${ROOT}${file}`, `${copy}/${file}`);
    }
    for (const folder of ["tcp", "lib"]) {
      await new Spawned("cp", ["-r", `${ROOT}${folder}`, `${copy}/${folder}`]).outcome();
    }
    await taskAnswers("deno", [], copy, bin);
  } finally {
    await Deno.remove(bin, { recursive: true });
    await Deno.remove(copy, { recursive: true });
  }
});

Deno.test("a program's npm script runs it: npm run tcp:server -- --help", async () => {
  await using script = new Spawned("npm", ["run", "--silent", "tcp:server", "--", "--help"], {
    env: shell(),
    clearEnv: true,
    timeoutMs: 60_000,
  });
  const { code, stdout, stderr } = await script.outcome();
  assertEquals(code, 0, stderr);
  assertEquals(
    stdout.split("\n")[0],
    "Usage: tcp_server [--host HOST] [--port PORT] [--lang LANG] [--trace]",
  );
});
