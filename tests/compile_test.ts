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

/**
 * Whether `deno compile` can have its denort runtime here, found apart from
 * the build under test: `DENORT_BIN` names a file, Deno's cache holds one,
 * or the download host answers. The build must then work; otherwise it must
 * fail in one line.
 */
async function denortAvailable(): Promise<boolean> {
  const named = Deno.env.get("DENORT_BIN");
  if (named !== undefined) return await Deno.stat(named).then((s) => s.isFile, () => false);
  await using info = new Spawned(Deno.execPath(), ["info", "--json"]);
  const { denoDir } = JSON.parse((await info.outcome()).stdout);
  if (await holdsDenort(`${denoDir}/dl`)) return true;
  try {
    await fetch("https://dl.deno.land/", { method: "HEAD", signal: AbortSignal.timeout(5000) })
      .then((response) => response.body?.cancel());
    return true;
  } catch {
    return false;
  }
}

async function holdsDenort(dir: string): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.startsWith("denort")) return true;
      if (entry.isDirectory && await holdsDenort(`${dir}/${entry.name}`)) return true;
    }
  } catch {
    // no such folder
  }
  return false;
}

Deno.test("compile builds working binaries where denort can be had, or says in one line why it cannot", async (t) => {
  const available = await denortAvailable();
  const out = await Deno.makeTempDir();
  try {
    const server = await compile(["--only", "tcp_server", "--out", out]);

    await t.step({
      name: "without denort, the failure is one line naming the download and DENORT_BIN",
      ignore: available,
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
        available ? "" : " (ignored: no denort here)"
      }`,
      ignore: !available,
      fn: async () => {
        assertEquals(server.code, 0, server.stderr);
        const client = await compile(["--only", "tcp_client", "--out", out]);
        assertEquals(client.code, 0, client.stderr);
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
