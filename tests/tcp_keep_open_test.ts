/**
 * End-to-end tests of `tcp_server -k` (keep-open), `--max-conns` and
 * `--idle-timeout`: the real script on loopback, on free ports, with real
 * clients; on the Node passes, the npm build and the single executable.
 */
import { assert, assertEquals, assertRejects } from "../lib/_assert.ts";
import { RUNTIME, spawnDeno, Spawned, spawnProgram } from "../scripts/_harness/process.ts";
import { spawnWithUnreadStdout } from "../scripts/_harness/unread_stdout.ts";
import { spawnWithStdoutGone } from "./_helpers/stdout_gone.ts";
import { count } from "./_helpers/count.ts";
import { ctrlCOnTerminal } from "../scripts/_harness/pty.ts";
import { permissionsFor, program } from "../scripts/programs.ts";
import { freeTcpPort, hidePorts, readBytes } from "../scripts/_harness/net.ts";
import { queuedResets } from "../scripts/stress/tcp_queued_resets.ts";
import { exchangeFrom } from "../scripts/stress/tcp_peer_from.ts";

const READY = "服务器已启动，等待客户端连接...";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function server(port: number, ...flags: string[]): Promise<Spawned> {
  const spawned = spawnProgram("tcp_server", { port, host: "127.0.0.1" }, flags);
  await spawned.waitForStdout(READY);
  return spawned;
}

async function connect(port: number): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  return conn;
}

async function say(conn: Deno.Conn, text: string): Promise<string> {
  await conn.write(encoder.encode(text));
  return decoder.decode(await readBytes(conn, encoder.encode(text).length));
}

/** The stdout lines, ports hidden, sorted: concurrent clients interleave. */
function sortedLines(stdout: string): string[] {
  return hidePorts(stdout).split("\n").filter(Boolean).sort();
}

Deno.test("tcp_server -k serves two clients at once, each its own echo and lines, then a third", async () => {
  const port = freeTcpPort();
  await using s = await server(port, "-k");
  using a = await connect(port);
  using b = await connect(port);
  assertEquals(await say(b, "from b"), "FROM B"); // b is served while a is still connected
  assertEquals(await say(a, "from a"), "FROM A");
  a.close();
  await s.waitForStdout("的连接已断开");
  using c = await connect(port); // the server is still there
  assertEquals(await say(c, "from c"), "FROM C");
  b.close();
  c.close();
  await waitForCount(s, "的连接已断开", 3);
  s.kill("SIGTERM");
  const outcome = await s.outcome();
  assertEquals([outcome.code, outcome.stderr], [0, ""]);
  assertEquals(
    sortedLines(outcome.stdout),
    [
      "收到消息: from a",
      "收到消息: from b",
      "收到消息: from c",
      READY,
      ...Array(3).fill("与 ('127.0.0.1', PORT) 建立连接"),
      ...Array(3).fill("与 ('127.0.0.1', PORT) 的连接已断开"),
    ].sort(),
  );
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`tcp_server -k on ${signal} closes every connection, prints each line, exits 0`, async () => {
    const port = freeTcpPort();
    await using s = await server(port, "--keep-open");
    const conns = await Promise.all([connect(port), connect(port), connect(port)]);
    for (const conn of conns) assertEquals(await say(conn, "hi"), "HI");
    s.kill(signal);
    for (const conn of conns) {
      assertEquals(await conn.read(new Uint8Array(8)), null); // each client sees the close
      conn.close();
    }
    const outcome = await s.outcome();
    assertEquals([outcome.code, outcome.stderr], [0, ""]);
    assertEquals(count(outcome.stdout, "建立连接"), 3);
    assertEquals(count(outcome.stdout, "的连接已断开"), 3);
  });
}

Deno.test("tcp_server -k --max-conns 1 turns a second client away at once, with one line", async () => {
  const port = freeTcpPort();
  await using s = await server(port, "-k", "--max-conns", "1");
  using first = await connect(port);
  assertEquals(await say(first, "one"), "ONE");
  using second = await connect(port);
  await second.write(encoder.encode("two")).catch(() => {});
  assertEquals(await readBytes(second, 3).catch(() => new Uint8Array()), new Uint8Array());
  await s.waitForStderr("--max-conns 1");
  assertEquals(
    hidePorts(s.stderr),
    "Cannot serve ('127.0.0.1', PORT): the server is full (--max-conns 1)\n",
  );
  first.close();
  await s.waitForStdout("的连接已断开");
  // the slot is free again once the first client's echo() has returned, right after that line
  let reply = "";
  for (let tries = 0; tries < 20 && reply === ""; tries++) {
    using third = await connect(port);
    reply = await say(third, "three").catch(() => "");
    if (reply === "") await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assertEquals(reply, "THREE");
});

Deno.test("tcp_server --idle-timeout drops a silent client with one line, and serves the others", async () => {
  const port = freeTcpPort();
  await using s = await server(port, "-k", "--idle-timeout", "0.3");
  using silent = await connect(port);
  using talker = await connect(port);
  for (let i = 0; i < 4; i++) {
    assertEquals(await say(talker, `ping ${i}`), `PING ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // under the timeout each time
  }
  assertEquals(await silent.read(new Uint8Array(8)), null); // dropped
  await s.waitForStderr("--idle-timeout");
  assertEquals(
    hidePorts(s.stderr),
    "Dropped ('127.0.0.1', PORT): silent for 0.3 s (--idle-timeout)\n",
  );
  assertEquals(await say(talker, "still here"), "STILL HERE");
});

Deno.test("tcp_server --idle-timeout without -k drops its one client and ends like the original", async () => {
  const port = freeTcpPort();
  await using s = await server(port, "--idle-timeout", "0.2");
  using conn = await connect(port);
  assertEquals(await conn.read(new Uint8Array(8)), null);
  const outcome = await s.outcome();
  assertEquals(outcome.code, 0);
  assertEquals(hidePorts(outcome.stdout).split("\n"), [
    READY,
    "与 ('127.0.0.1', PORT) 建立连接",
    "与 ('127.0.0.1', PORT) 的连接已断开",
    "",
  ]);
  assertEquals(
    hidePorts(outcome.stderr),
    "Dropped ('127.0.0.1', PORT): silent for 0.2 s (--idle-timeout)\n",
  );
});

Deno.test("tcp_server --help documents -k, --max-conns, --max-per-host and --idle-timeout with their defaults", async () => {
  await using s = spawnDeno("tcp/tcp_server.ts", [], ["--help"]);
  const outcome = await s.outcome();
  assertEquals(outcome.code, 0);
  for (
    const flag of [
      "-k, --keep-open",
      "--max-conns N",
      "turned away at once",
      "--max-per-host N",
      "(default 10)",
      "--idle-timeout",
      "(default: 300 with -k, none without)",
    ]
  ) {
    assert(outcome.stdout.includes(flag), flag);
  }
});

async function waitForCount(s: Spawned, part: string, n: number): Promise<void> {
  for (let i = 0; i < 200 && count(s.stdout, part) < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assertEquals(count(s.stdout, part), n);
}

Deno.test({
  name: "tcp_server -k outlives running out of file descriptors: one line, and its clients served" +
    (RUNTIME === "deno" ? "" : " [ignored: the descriptor limit is set for the Deno run only]"),
  ignore: RUNTIME !== "deno",
  async fn() {
    const port = freeTcpPort();
    const permissions = permissionsFor(program("tcp_server"), { port, host: "127.0.0.1" });
    const command = [Deno.execPath(), "run", ...permissions, "tcp/tcp_server.ts"];
    const args = ["-k", "--max-conns", "1000", "--max-per-host", "1000", "--host", "127.0.0.1"];
    args.push("--port", String(port));
    // 40 descriptors: the runtime takes some, so accept() fails after a few dozen clients
    await using s = new Spawned("bash", [
      "-c",
      'ulimit -n 40 && exec "$@"',
      "bash",
      ...command,
      ...args,
    ]);
    await s.waitForStdout(READY);
    const conns: Deno.TcpConn[] = [];
    try {
      for (let i = 0; i < 60; i++) conns.push(await connect(port));
      await s.waitForStderr("Cannot accept a client: ");
      assertEquals(await say(conns[0]!, "still here"), "STILL HERE"); // the first client is served
    } finally {
      for (const conn of conns) conn.close();
    }
    s.kill("SIGTERM");
    const outcome = await s.outcome();
    assertEquals(outcome.code, 0);
    assertEquals(
      outcome.stderr.split("\n").filter(Boolean),
      ["Cannot accept a client: too many open files (trying again)"],
    );
  },
});

Deno.test("tcp_server -k stops on SIGTERM within seconds while its stdout is a full pipe nobody reads, and says how many lines were lost", async () => {
  const port = freeTcpPort();
  await using server = await spawnWithUnreadStdout(
    "tcp/tcp_server.ts",
    permissionsFor(program("tcp_server"), { port, host: "127.0.0.1" }),
    ["-k", "--host", "127.0.0.1", "--port", String(port)],
  );
  // its ready line cannot be read: connect until it accepts, then echo until stdout is full
  let conn: Deno.TcpConn | undefined;
  for (let tries = 0; tries < 100 && conn === undefined; tries++) {
    conn = await connect(port).catch(() => undefined);
    if (conn === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert(conn !== undefined, "the server never listened");
  using client = conn;
  const line = "x".repeat(1000);
  let stuck = false;
  for (let sent = 0; sent < 500 && !stuck; sent++) {
    let wait: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"stuck">((resolve) => wait = setTimeout(resolve, 500, "stuck"));
    stuck = await Promise.race([say(client, line), timeout]) === "stuck";
    clearTimeout(wait);
  }
  assert(stuck, "the server never blocked on its stdout");
  const outcome = await server.stopWithin("SIGTERM", 5_000);
  assert(outcome !== "hung", "the server was still running 5 s after SIGTERM");
  const lines = outcome.stderr.split("\n").slice(1); // after the sleeper's pid
  assertEquals([outcome.code, lines.length], [1, 2], outcome.stderr);
  assert(
    /^Cannot write \d+ lines? of the transcript to stdout: nobody read it for 0.5 s \(stopped by SIGTERM\)$/
      .test(lines[0]!),
    lines[0],
  );
});

for (const flags of [["-k"], []]) {
  const name = ["tcp_server", ...flags].join(" ");
  Deno.test(`${name}: 30 connections reset in the accept queue cost nothing; the client behind them is served`, async () => {
    const port = freeTcpPort();
    await using s = await server(port, ...flags);
    const { reply } = await queuedResets(port, s.pid, 30, encoder.encode("hi"), 2);
    assertEquals(reply, "HI");
    await s.waitForStdout("的连接已断开");
    if (flags.length > 0) s.kill("SIGTERM");
    const outcome = await s.outcome();
    // no "Cannot accept a client" (and its 100 ms pause) per reset; no stack; exit 0
    assertEquals([outcome.code, outcome.stderr], [0, ""]);
    assertEquals(hidePorts(outcome.stdout).split("\n"), [
      READY,
      "与 ('127.0.0.1', PORT) 建立连接",
      "收到消息: hi",
      "与 ('127.0.0.1', PORT) 的连接已断开",
      "",
    ]);
  });
}

Deno.test("tcp_server -k with its defaults: 100 idle connections from 127.0.0.1 do not lock out 127.0.0.2", async () => {
  const port = freeTcpPort();
  await using s = await server(port, "-k");
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < 100; i++) conns.push(await connect(port));
    // 10 served (--max-per-host 10), the other 90 turned away with a line each
    await waitForCount(s, "建立连接", 10);
    for (let i = 0; i < 200 && count(s.stderr, "\n") < 90; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assertEquals(
      [...new Set(hidePorts(s.stderr).split("\n").filter(Boolean))],
      [
        "Cannot serve ('127.0.0.1', PORT): 127.0.0.1 has 10 connections open already (--max-per-host 10)",
      ],
    );
    assertEquals(await exchangeFrom("127.0.0.2", port, encoder.encode("hi"), 2), "HI");
    assertEquals(await say(conns[0]!, "first"), "FIRST"); // the first ten are served still
  } finally {
    for (const conn of conns) conn.close();
  }
  s.kill("SIGTERM");
  assertEquals((await s.outcome()).code, 0);
});

Deno.test("tcp_server -k whose stdout's reader has gone stops with one line and exit 1, and takes no more clients", async () => {
  const port = freeTcpPort();
  await using s = spawnWithStdoutGone(
    "tcp/tcp_server.ts",
    permissionsFor(program("tcp_server"), { port, host: "127.0.0.1" }),
    ["-k", "--host", "127.0.0.1", "--port", String(port)],
  );
  // the ready line went to head: connect until the server listens, then talk until it stops
  let closed = false;
  for (let tries = 0; tries < 100 && !closed; tries++) {
    const conn = await connect(port).catch(() => undefined);
    if (conn === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      for (let i = 0; i < 20 && !closed; i++) {
        closed = await say(conn, "hi").then(() => false, () => true);
        if (!closed) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      conn.close();
    }
  }
  const outcome = await s.outcome();
  assertEquals(
    [outcome.code, outcome.stderr],
    [1, "Cannot write to stdout: its reader has closed it\n"],
  );
  await assertRejects(() => connect(port)); // no more work it could not report
});

for (
  const [flags, ending, code] of [
    [[], "^C\r\nStopped by Ctrl+C\r\n", 130],
    [["-k"], "^C\r\n", 0],
  ] as const
) {
  const name = ["tcp_server", ...flags].join(" ");
  Deno.test(`${name}: Ctrl+C on a terminal ends on a fresh line, exit ${code}`, async () => {
    const port = freeTcpPort();
    const result = await ctrlCOnTerminal(
      "tcp/tcp_server.ts",
      permissionsFor(program("tcp_server"), { port, host: "127.0.0.1" }),
      [...flags, "--host", "127.0.0.1", "--port", String(port)],
      READY,
    );
    // the terminal echoes ^C where the cursor is; the shell's prompt must not follow on that line
    assertEquals([result.output, result.code], [`${READY}\r\n${ending}`, code]);
  });
}

Deno.test("tcp_server (one client) on SIGTERM before its client comes: one line, exit 143", async () => {
  const port = freeTcpPort();
  await using s = await server(port);
  s.kill("SIGTERM");
  const outcome = await s.outcome();
  assertEquals([outcome.code, outcome.stdout, outcome.stderr], [
    143,
    `${READY}\n`,
    "Stopped by SIGTERM\n",
  ]);
});
