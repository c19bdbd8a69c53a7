/**
 * Every program runs by its shebang, as the README says: executable in git
 * and on disk, with `deno` on the PATH from `node_modules/.bin` (after
 * `npm ci`), from the repository and from any other folder, where no
 * deno.json grants the unstable `net` the UDP programs need.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { MINIMAL_PATH, ROOT, Spawned } from "../scripts/_harness/process.ts";
import { PROGRAMS, shebang } from "../scripts/programs.ts";

/** A shell whose PATH has the Deno that `npm ci` installs, as the README's export line sets it. */
const ENV = {
  HOME: Deno.env.get("HOME") ?? "/tmp",
  PATH: `${ROOT}node_modules/.bin:${MINIMAL_PATH}`,
};

/** Runs `command` with only {@linkcode ENV}, in `cwd`. */
function run(command: string, args: string[], cwd: string): Spawned {
  return new Spawned(command, args, { cwd, env: ENV, clearEnv: true, timeoutMs: 60_000 });
}

Deno.test("every program is executable in git and on disk, its shebang from scripts/programs.ts", async () => {
  const { stdout } = await run("git", ["ls-files", "-s", ...PROGRAMS.map((p) => p.script)], ROOT)
    .outcome();
  const modes = Object.fromEntries(
    stdout.trim().split("\n").map((line) => [line.split("\t")[1]!, line.split(" ")[0]!]),
  );
  for (const program of PROGRAMS) {
    assertEquals(modes[program.script], "100755", `${program.script}'s mode in git`);
    const { mode } = await Deno.stat(`${ROOT}${program.script}`);
    assert(((mode ?? 0) & 0o111) !== 0, `${program.script} is not executable on disk`);
    const first = (await Deno.readTextFile(`${ROOT}${program.script}`)).split("\n")[0];
    assertEquals(first, shebang(program));
  }
  for (const name of ["udp_server", "udp_client"]) {
    assert(shebang(PROGRAMS.find((p) => p.name === name)!).includes(" --unstable-net "), name);
  }
});

Deno.test("the README says how to put deno on the PATH, as these tests do", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  assert(readme.includes('`export PATH="$PWD/node_modules/.bin:$PATH"`'), "the export line");
  assert(readme.includes("`./tcp/tcp_server.ts`"), "the run by shebang");
});

Deno.test("./tcp/tcp_server.ts --help, and each program's, answers from the repository", async () => {
  for (const program of PROGRAMS) {
    await using help = run(`./${program.script}`, ["--help"], ROOT);
    const { code, stdout, stderr } = await help.outcome();
    assertEquals([code, stderr], [0, ""], program.script);
    assert(stdout.startsWith(`Usage: ${program.name} `), stdout);
  }
});

Deno.test("each program runs by its full path from another folder", async (t) => {
  const folder = await Deno.makeTempDir({ prefix: "socket-primer-elsewhere-" });
  try {
    await t.step("--help, for every program", async () => {
      for (const program of PROGRAMS) {
        await using help = run(`${ROOT}${program.script}`, ["--help"], folder);
        const { code, stdout, stderr } = await help.outcome();
        assertEquals([code, stderr], [0, ""], program.script);
        assert(stdout.startsWith(`Usage: ${program.name} `), stdout);
      }
    });

    // The UDP pair at its shebang's own host and port, from a copy of udp/
    // and lib/ with no deno.json above it: Deno.listenDatagram needs the
    // unstable net, which only the shebang grants there.
    await t.step(
      "a UDP echo between copies of the server and client, each by its shebang",
      async () => {
        const copy = await Deno.makeTempDir({ prefix: "socket-primer-copy-" });
        try {
          for (const part of ["udp", "lib"]) {
            const { code } = await run("cp", ["-rp", `${ROOT}${part}`, `${copy}/${part}`], ROOT)
              .outcome();
            assertEquals(code, 0);
          }
          await using server = run(`${copy}/udp/udp_server.ts`, [], folder);
          await server.waitForStdout("UDP 服务器已启动，等待消息...");
          await using client = run(`${copy}/udp/udp_client.ts`, [], folder);
          await client.write("hello from elsewhere\nquit\n");
          const c = await client.outcome();
          assertEquals([c.code, c.stderr], [0, ""]);
          assertEquals(c.stdout, ">> 服务器回显: HELLO FROM ELSEWHERE\n>> ");
          await server.waitForStdout("的消息: hello from elsewhere\n");
          server.kill("SIGTERM");
          const s = await server.outcome();
          assertEquals(s.code, 0, s.stderr);
        } finally {
          await Deno.remove(copy, { recursive: true });
        }
      },
    );

    await t.step(
      "a file transfer, each by its shebang, reading and writing in that folder",
      async () => {
        await using receiver = run(`${ROOT}filetransfer/file_receiver.ts`, [], folder);
        await receiver.waitForStdout("[*] 正在监听 ");
        await using sender = run(`${ROOT}filetransfer/file_sender.ts`, [], folder);
        const s = await sender.outcome();
        assertEquals(s.code, 0, s.stderr);
        const r = await receiver.outcome();
        assertEquals(r.code, 0, r.stderr);
        const names = (await Array.fromAsync(Deno.readDir(folder))).map((entry) => entry.name);
        assertEquals(names, ["received_my_document.pdf"]); // the sender removed its test file
        assertEquals((await Deno.stat(`${folder}/received_my_document.pdf`)).size, 45_000);
      },
    );
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
