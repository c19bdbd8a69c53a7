/**
 * `deno compile` binaries: built and run end to end wherever the denort
 * runtime can be had (downloaded, cached, or named by DENORT_BIN); elsewhere,
 * the build must fail in one line that names DENORT_BIN, and the end-to-end
 * part is reported as ignored.
 */
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import { tool } from "../scripts/programs.ts";
import { spawnDeno, Spawned } from "../scripts/_harness/process.ts";
import { freeTcpPort } from "../scripts/_harness/net.ts";

/** The compile task's permissions, with writing allowed anywhere: the tests build into temporary folders. */
const COMPILE = tool("compile").permissions.map((flag) =>
  flag.startsWith("--allow-write") ? "--allow-write" : flag
);

async function compile(args: string[], env?: Record<string, string>) {
  await using run = spawnDeno(tool("compile").script, COMPILE, args, { env, timeoutMs: 300_000 });
  return await run.outcome();
}

Deno.test("compile with an unreadable DENORT_BIN fails in one line", async () => {
  const out = await Deno.makeTempDir();
  try {
    const result = await compile(["--only", "tcp_server", "--out", out], {
      DENORT_BIN: `${out}/missing-denort`,
    });
    assertEquals(result.code, 1);
    assertEquals(
      result.stderr,
      `Cannot compile tcp_server: DENORT_BIN names ${out}/missing-denort, which cannot be read\n`,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("compile builds working binaries, or says in one line why it cannot", async (t) => {
  const out = await Deno.makeTempDir();
  try {
    const server = await compile(["--only", "tcp_server", "--out", out]);
    const client = server.code === 0
      ? await compile(["--only", "tcp_client", "--out", out])
      : server;
    const built = server.code === 0 && client.code === 0;

    await t.step({
      name: "without denort, the failure is one line naming the download and DENORT_BIN",
      ignore: built,
      fn: () => {
        assertEquals(server.code, 1);
        assertMatch(
          server.stderr,
          /^Cannot compile tcp_server: the denort runtime could not be downloaded from https:\/\/\S+\/denort-\S+\.zip: set DENORT_BIN to a denort binary for this target\n$/,
        );
      },
    });

    await t.step({
      name: `the compiled tcp_server and tcp_client chat end to end${
        built ? "" : " (ignored: no denort here)"
      }`,
      ignore: !built,
      fn: async () => {
        // The binaries carry their documented permissions (port 8080), so they run on the defaults.
        await using serverBinary = new Spawned(`${out}/tcp_server`, []);
        await serverBinary.waitForStdout("服务器已启动");
        await using clientBinary = new Spawned(`${out}/tcp_client`, []);
        await clientBinary.write("hello\nquit\n");
        const chat = await clientBinary.finish();
        assertEquals([chat.code, chat.stderr], [0, ""]);
        assert(chat.stdout.includes(">> 服务器响应: HELLO\n"), chat.stdout);
        assertEquals((await serverBinary.outcome()).code, 0);

        // Any other port is outside the baked-in permission: refused in one line.
        await using elsewhere = new Spawned(`${out}/tcp_client`, ["--port", String(freeTcpPort())]);
        const refused = await elsewhere.finish();
        assertEquals(refused.code, 1);
        assertMatch(
          refused.stderr,
          /^Cannot connect to 127\.0\.0\.1:\d+: Deno's permissions do not allow it/,
        );
      },
    });
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
