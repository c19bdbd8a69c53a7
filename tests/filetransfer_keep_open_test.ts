/**
 * End-to-end tests of `file_receiver -k` (keep-open) and `--max-conns`: the
 * real receiver on loopback, on free ports, with real senders; on the Node
 * passes, the npm build and the single executable. The load and its faults
 * are in filetransfer_load_test.ts.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../lib/_assert.ts";
import { encodeFileHeader } from "../lib/file_header.ts";
import { concatBytes } from "../lib/concat_bytes.ts";
import { ROOT, spawnDeno, type Spawned, usageName } from "../scripts/_harness/process.ts";
import { spawnWithUnreadStdout } from "../scripts/_harness/unread_stdout.ts";
import { spawnWithStdoutGone } from "./_helpers/stdout_gone.ts";
import { ctrlCOnTerminal } from "../scripts/_harness/pty.ts";
import { freeTcpPort, hidePorts } from "../scripts/_harness/net.ts";
import { tmpfs, tmpfsTest } from "./_helpers/tmpfs.ts";
import { listDir, tempDir } from "./_helpers/files.ts";
import { count } from "./_helpers/count.ts";
import { queuedResets } from "../scripts/stress/tcp_queued_resets.ts";
import { exchangeFrom } from "../scripts/stress/tcp_peer_from.ts";

const RECEIVER = `${ROOT}filetransfer/file_receiver.ts`;
const SENDER = `${ROOT}filetransfer/file_sender.ts`;
const LISTENING = "[*] 正在监听";
const encoder = new TextEncoder();

/** `file_receiver -k` writing in `dir` (its working directory, or --dir if `dirFlag`). */
async function receiver(dir: string, port: number, ...flags: string[]): Promise<Spawned> {
  return await receiverWith(dir, port, "-k", ...flags);
}

/** `file_receiver` writing in `dir`, with `flags` only. */
async function receiverWith(dir: string, port: number, ...flags: string[]): Promise<Spawned> {
  const spawned = spawnDeno(
    RECEIVER,
    [`--allow-net=127.0.0.1:${port}`, `--allow-read=${dir}`, `--allow-write=${dir}`],
    ["--host", "127.0.0.1", "--port", String(port), "--dir", dir, ...flags],
    { timeoutMs: 60_000 },
  );
  await spawned.waitForStdout(LISTENING);
  return spawned;
}

/** A temporary folder, removed at the end of the scope. */

/** Connects and sends `bytes`; the connection stays open until disposed. */
async function sendPart(port: number, bytes: Uint8Array): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(bytes);
  return conn;
}

Deno.test("file_receiver -k takes three senders of one name at once beside an existing file; none is clobbered", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(`${dir.path}/in`);
  await Deno.writeTextFile(`${dir.path}/in/received_a.txt`, "already here");
  const port = freeTcpPort();
  await using r = await receiver(`${dir.path}/in`, port);
  const texts = ["first sender", "second sender", "third sender"];
  const senders = await Promise.all(texts.map(async (text, i) => {
    await Deno.mkdir(`${dir.path}/s${i}`);
    await Deno.writeTextFile(`${dir.path}/s${i}/a.txt`, text);
    return spawnDeno(SENDER, [`--allow-net=127.0.0.1:${port}`, "--allow-read=a.txt"], [
      "--port",
      String(port),
      "--pause",
      "0",
      "a.txt",
    ], { cwd: `${dir.path}/s${i}` });
  }));
  for (const sender of senders) assertEquals((await sender.outcome()).code, 0);
  await waitFor(() => count(r.stdout, "[+] 文件接收完毕。") === 3, r);
  assertEquals(await listDir(`${dir.path}/in`), [
    "received_a-1.txt",
    "received_a-2.txt",
    "received_a-3.txt",
    "received_a.txt",
  ]);
  assertEquals(await Deno.readTextFile(`${dir.path}/in/received_a.txt`), "already here");
  const received = await Promise.all(
    [1, 2, 3].map((n) => Deno.readTextFile(`${dir.path}/in/received_a-${n}.txt`)),
  );
  assertEquals(received.sort(), [...texts].sort());
  r.kill("SIGTERM");
  const outcome = await r.outcome();
  assertEquals(outcome.code, 0);
  assertEquals(count(outcome.stdout, "已连接。"), 3);
  assertEquals(count(outcome.stdout, "[+] 正在接收文件: a.txt"), 3);
  assertEquals(count(outcome.stderr, "already exists (--overwrite replaces it)"), 3);
  assert(!outcome.stderr.includes("Cannot"), outcome.stderr);
});

Deno.test("file_receiver -k --max-conns 1 turns a second sender away at once, with one line", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using r = await receiver(dir.path, port, "--max-conns", "1");
  const data = encoder.encode("abcdefghij"); // not digits: those could continue SIZE
  {
    using a = await sendPart(port, concatBytes([encodeFileHeader("a.bin", 10), data.slice(0, 4)]));
    await r.waitForStdout("[+] 正在接收文件: a.bin");
    using b = await Deno.connect({ hostname: "127.0.0.1", port });
    assertEquals(await b.read(new Uint8Array(8)).catch(() => null), null); // closed at once
    await r.waitForStderr("--max-conns 1");
    assertEquals(
      hidePorts(r.stderr),
      "Cannot serve ('127.0.0.1', PORT): the server is full (--max-conns 1)\n",
    );
    await a.write(data.slice(4));
    await a.closeWrite();
    assertEquals(await a.read(new Uint8Array(8)), null); // the receiver closes once it is saved
  }
  // the slot is free again
  {
    using c = await sendPart(port, concatBytes([encodeFileHeader("c.bin", 10), data]));
    await c.closeWrite();
    assertEquals(await c.read(new Uint8Array(8)), null);
  }
  assertEquals(await listDir(dir.path), ["received_a.bin", "received_c.bin"], r.stderr);
  assertEquals(await Deno.readTextFile(`${dir.path}/received_a.bin`), "abcdefghij");
  r.kill("SIGINT");
  assertEquals((await r.outcome()).code, 0);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`file_receiver -k: ${signal} mid-transfer closes every connection, leaves no part file, exits 0`, async () => {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using r = await receiver(dir.path, port);
    const conns = await Promise.all(
      ["x.bin", "y.bin", "z.bin"].map((name) =>
        sendPart(port, concatBytes([encodeFileHeader(name, 1 << 30), new Uint8Array(100_000)]))
      ),
    );
    try {
      await waitFor(() => count(r.stdout, "[+] 正在接收文件") === 3, r);
      await waitFor(async () => (await listDir(dir.path)).length === 3, r); // three part files
      r.kill(signal);
      const outcome = await r.outcome();
      assertEquals(outcome.code, 0);
      assertEquals(
        hidePorts(outcome.stderr),
        "Cannot receive from ('127.0.0.1', PORT): the receiver is stopping\n".repeat(3),
      );
      assertEquals(await listDir(dir.path), []);
      for (const conn of conns) {
        assertEquals(await conn.read(new Uint8Array(8)).catch(() => null), null);
      }
    } finally {
      for (const conn of conns) conn.close();
    }
  });
}

tmpfsTest(
  "file_receiver -k on a full disk: that transfer fails with one line, the next is saved",
  async () => {
    await using disk = await tmpfs(256);
    const port = freeTcpPort();
    await using r = await receiver(disk.path, port);
    const send = async (name: string, size: number) => {
      using conn = await sendPart(
        port,
        concatBytes([encodeFileHeader(name, size), new Uint8Array(size)]),
      );
      await conn.closeWrite();
      const answer = new Uint8Array(100);
      const count = await conn.read(answer).catch(() => null);
      return count === null ? null : new TextDecoder().decode(answer.subarray(0, count));
    };
    // the receiver's refusal line, which the Deno sender reads; a kept file: a bare close
    assertEquals(await send("big.bin", 1 << 20), "no space left on the device\n");
    await r.waitForStderr("\n");
    assertMatch(
      r.stderr,
      /^Cannot write \S+\/\.received_big\.bin\.part-[0-9a-f]{8}: no space left on the device\n$/,
    );
    assertEquals(await send("small.bin", 1000), null);
    assertEquals(await listDir(disk.path), ["received_small.bin"]);
    r.kill("SIGTERM");
    assertEquals((await r.outcome()).code, 0);
  },
);

Deno.test("file_receiver --help documents -k, --max-conns, --max-per-host and the idle default", async () => {
  await using help = spawnDeno(RECEIVER, [], ["--help"]);
  const outcome = await help.outcome();
  assertEquals(outcome.code, 0);
  assert(outcome.stdout.startsWith(`Usage: ${usageName(RECEIVER)} [--host HOST]`), outcome.stdout);
  assertMatch(outcome.stdout, /\n {2}-k, --keep-open +receive sender after sender/);
  assertMatch(
    outcome.stdout,
    /\n {2}--max-conns N +with -k, receive from at most N senders at once/,
  );
  assertMatch(
    outcome.stdout,
    /\n {2}--max-per-host N +with -k, at most N of them from one address/,
  );
  assertMatch(outcome.stdout, /\(default: 300 with -k, none without\)/);
});

/** Polls `ok` every 25 ms, for at most 10 s; fails with the receiver's output. */
async function waitFor(ok: () => boolean | Promise<boolean>, r: Spawned): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

for (const flags of [["-k"], []]) {
  const name = ["file_receiver", ...flags].join(" ");
  Deno.test(`${name}: 30 connections reset in the accept queue cost nothing; the sender behind them is received`, async () => {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using r = await receiverWith(dir.path, port, ...flags);
    const file = concatBytes([encodeFileHeader("r.txt", 5), encoder.encode("hello")]);
    await queuedResets(port, r.pid, 30, file, 0);
    await r.waitForStdout("[+] 文件接收完毕。");
    if (flags.length > 0) r.kill("SIGTERM");
    const outcome = await r.outcome();
    assertEquals(outcome.code, 0);
    assertEquals(hidePorts(outcome.stdout).split("\n"), [
      `${LISTENING} 127.0.0.1:${port}`,
      "[+] ('127.0.0.1', PORT) 已连接。",
      "[+] 正在接收文件: r.txt",
      "[+] 文件接收完毕。",
      "",
    ]);
    // the summary only: no "Cannot accept a sender" (and its pause) per reset, no stack
    assertEquals(outcome.stderr.split("\n").filter((line) => !line.startsWith("[=] ")), [""]);
    assertEquals(await Deno.readTextFile(`${dir.path}/received_r.txt`), "hello");
  });
}

Deno.test("file_receiver -k with its defaults: 100 one-byte senders from 127.0.0.1 do not lock out 127.0.0.2", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using r = await receiver(dir.path, port);
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < 100; i++) conns.push(await sendPart(port, encoder.encode("x")));
    await waitFor(() => count(r.stdout, "已连接。") === 10, r); // --max-per-host 10
    await waitFor(() => count(r.stderr, "--max-per-host 10") === 90, r);
    const file = concatBytes([encodeFileHeader("other.txt", 5), encoder.encode("hello")]);
    assertEquals(await exchangeFrom("127.0.0.2", port, file, 0), "");
    assertEquals(await Deno.readTextFile(`${dir.path}/received_other.txt`), "hello");
  } finally {
    for (const conn of conns) conn.close();
  }
  r.kill("SIGTERM");
  assertEquals((await r.outcome()).code, 0);
});

/**
 * Sends a whole file and waits for the receiver's close: `"done"`, or
 * `"refused"` if nothing listens, or `"late"` if the close took over `ms`.
 */
async function sendFile(
  port: number,
  name: string,
  ms: number,
): Promise<"done" | "refused" | "late"> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port }).catch(() => undefined);
  if (conn === undefined) return "refused";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(resolve, ms, "late"));
  try {
    const sent = (async () => {
      await conn.write(concatBytes([encodeFileHeader(name, 5), encoder.encode("hello")]));
      await conn.closeWrite();
      await conn.read(new Uint8Array(8));
      return "done" as const;
    })().catch(() => "done" as const); // closed by the receiver either way
    return await Promise.race([sent, late]);
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

Deno.test("file_receiver -k stops on SIGTERM within seconds while its stdout is a full pipe nobody reads, and says how many lines were lost", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using r = await spawnWithUnreadStdout(
    RECEIVER,
    [`--allow-net=127.0.0.1:${port}`, `--allow-read=${dir.path}`, `--allow-write=${dir.path}`],
    ["--host", "127.0.0.1", "--port", String(port), "--dir", dir.path, "-k"],
  );
  // three lines of ~240 bytes a file: 400 files overfill a 64 KiB pipe
  let sent = 0;
  for (let tries = 0; tries < 100 && sent === 0; tries++) {
    if (await sendFile(port, `${"n".repeat(200)}${sent}`, 2_000) === "done") sent++;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert(sent === 1, "the receiver never listened");
  while (sent < 400 && await sendFile(port, `${"n".repeat(200)}${sent}`, 2_000) === "done") {
    sent++;
  }
  const outcome = await r.stopWithin("SIGTERM", 5_000);
  assert(outcome !== "hung", "the receiver was still running 5 s after SIGTERM");
  const lines = outcome.stderr.split("\n").slice(1).filter((line) => !line.startsWith("[=] "));
  assertEquals([outcome.code, lines.length], [1, 2], outcome.stderr);
  assertMatch(
    lines[0]!,
    /^Cannot write \d+ lines? of the transcript to stdout: nobody read it for 0.5 s \(stopped by SIGTERM\)$/,
  );
});

Deno.test("file_receiver -k whose stdout's reader has gone stops with one line and exit 1, and takes no more senders", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using r = spawnWithStdoutGone(
    RECEIVER,
    [`--allow-net=127.0.0.1:${port}`, `--allow-read=${dir.path}`, `--allow-write=${dir.path}`],
    ["--host", "127.0.0.1", "--port", String(port), "--dir", dir.path, "-k"],
  );
  // the ready line went to head: wait until it listens, then send files until it stops taking them
  let listening = false;
  for (let tries = 0; tries < 300; tries++) {
    const result = await sendFile(port, `f${tries}.txt`, 2_000);
    if (result === "refused" && listening) break; // it stopped
    listening ||= result !== "refused";
    if (!listening) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const outcome = await r.outcome();
  assertEquals(outcome.code, 1);
  assertEquals(
    outcome.stderr.split("\n").filter((line) => !line.startsWith("[=] ")),
    ["Cannot write to stdout: its reader has closed it", ""],
  );
  await assertRejects(() => Deno.connect({ hostname: "127.0.0.1", port }));
});

for (
  const [flags, ending, code] of [
    [[], "^C\r\nStopped by Ctrl+C\r\n", 130],
    [["-k"], "^C\r\n", 0],
  ] as const
) {
  const name = ["file_receiver", ...flags].join(" ");
  Deno.test(`${name}: Ctrl+C on a terminal ends on a fresh line, exit ${code}`, async () => {
    await using dir = await tempDir();
    const port = freeTcpPort();
    const result = await ctrlCOnTerminal(
      RECEIVER,
      [`--allow-net=127.0.0.1:${port}`, `--allow-read=${dir.path}`, `--allow-write=${dir.path}`],
      [...flags, "--host", "127.0.0.1", "--port", String(port), "--dir", dir.path],
      LISTENING,
    );
    assertEquals([result.output, result.code], [
      `${LISTENING} 127.0.0.1:${port}\r\n${ending}`,
      code,
    ]);
  });
}

Deno.test("file_receiver (one sender) on SIGTERM mid-transfer: one line, exit 143, no part file", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using r = await receiverWith(dir.path, port);
  using _conn = await sendPart(
    port,
    concatBytes([encodeFileHeader("big.bin", 1 << 30), new Uint8Array(100_000)]),
  );
  await waitFor(async () => (await listDir(dir.path)).length === 1, r); // its part file
  r.kill("SIGTERM");
  const outcome = await r.outcome();
  assertEquals([outcome.code, outcome.stderr], [143, "Stopped by SIGTERM\n"]);
  assertEquals(await listDir(dir.path), []);
});
