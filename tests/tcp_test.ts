/**
 * End-to-end tests of the TCP chat pair: the Deno scripts against each other
 * and against the Python reference programs, on loopback, on free ports.
 */
import { playTcpChat, TCP_CHAT } from "../scripts/_harness/sessions.ts";
import { program } from "../scripts/programs.ts";
import { assert, assertEquals } from "../lib/_assert.ts";
import { asciiUpper } from "../lib/ascii_upper.ts";
import { spawnDeno, type Spawned, spawnProgram, spawnPython } from "../scripts/_harness/process.ts";
import { permissionTest } from "./_helpers/permissions.ts";
import { freeTcpPort, hidePorts, readBytes, readToEnd } from "../scripts/_harness/net.ts";
import { bytesOf, opsOf, traceOf, withoutTrace } from "./_helpers/trace.ts";

const encoder = new TextEncoder();

const SERVER_READY = "服务器已启动，等待客户端连接...";
const CLIENT_BANNER = "已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。\n";

function denoServer(port: number, host = "127.0.0.1"): Spawned {
  return spawnProgram("tcp_server", { port, host });
}

function denoClient(port: number, host = "127.0.0.1"): Spawned {
  return spawnProgram("tcp_client", { port, host });
}

async function started(server: Spawned): Promise<Spawned> {
  await server.waitForStdout(SERVER_READY);
  return server;
}

/** Runs a whole scripted chat; returns both transcripts. */
async function chat(server: Spawned, client: Spawned, input: string) {
  await client.write(input);
  const clientOutcome = await client.finish();
  const serverOutcome = await server.outcome();
  return { client: clientOutcome, server: serverOutcome };
}

/**
 * The client's transcript: the banner, then a `>> ` prompt for each line read,
 * followed by the reply printed for it (`null` for a line that sent nothing).
 */
function clientTranscript(...replies: (string | null)[]): string {
  return CLIENT_BANNER +
    replies.map((reply) => `>> ${reply === null ? "" : `服务器响应: ${reply}\n`}`).join("");
}

const LONG = "a".repeat(1000) + "你好" + "z".repeat(2000); // 3006 bytes, a character across byte 1024
const LONG_UPPER = "A".repeat(1000) + "你好" + "Z".repeat(2000);

Deno.test("Deno server and Deno client: whole replies, stripping, empty lines, quit", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  await using client = denoClient(port);
  const { client: c, server: s } = await chat(
    server,
    client,
    `hello\n  你好, World!\t\n\n${LONG}\n\u3000quit\u3000\nnever sent\n`,
  );

  assertEquals(c.code, 0);
  assertEquals(c.stderr, "");
  assertEquals(
    c.stdout,
    clientTranscript("HELLO", "你好, WORLD!", null, LONG_UPPER, null),
  );
  assertEquals(s.code, 0);
  assertEquals(s.stderr, "");
  const lines = hidePorts(s.stdout).split("\n");
  assertEquals(lines.slice(0, 4), [
    SERVER_READY,
    "与 ('127.0.0.1', PORT) 建立连接",
    "收到消息: hello",
    "收到消息: 你好, World!",
  ]);
  assertEquals(lines.slice(-2), ["与 ('127.0.0.1', PORT) 的连接已断开", ""]);
  // However TCP splits the long message, the lines between carry it whole,
  // with no U+FFFD where a read ended inside a character.
  const long = lines.slice(4, -2).map((line) => line.replace(/^收到消息: /, "")).join("");
  assertEquals(long, LONG);
});

Deno.test("Deno server and Python client: the original client sees the original's replies", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  await using client = spawnPython("tcp/tcp_client.py", [String(port)]);
  const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);

  // The session every suite and the comparison play: the original client cuts the long reply.
  assertEquals([c.code, c.stdout], [0, TCP_CHAT.originalClientStdout()]);
  assertEquals([s.code, serverTranscript], [0, TCP_CHAT.portServerTranscript()]);
});

Deno.test("Python server and Deno client: a long reply arrives whole, on one line", async () => {
  const port = freeTcpPort();
  await using server = await started(spawnPython("tcp/tcp_server.py", [String(port)]));
  await using client = denoClient(port);
  const { client: c, server: s } = await chat(server, client, `${LONG}\nshort\nquit\n`);

  assertEquals(c.code, 0);
  assertEquals(c.stderr, "");
  assertEquals(
    c.stdout,
    clientTranscript(LONG_UPPER, "SHORT", null),
  );
  // The original server recv(1024)s, so it prints pieces; it may even crash on
  // a piece that ends inside 你. The Deno client still got every reply right.
  assert(s.stdout.startsWith(SERVER_READY), s.stdout);
});

Deno.test("Deno server's transcript equals the Python server's line by line", async () => {
  const input = "hello\n  你好，世界  \n\nMixed Case 123\n\u00a0ünïcödé\u00a0\nquit\n";
  const transcripts: string[] = [];
  for (
    const start of [denoServer, (port: number) => spawnPython("tcp/tcp_server.py", [String(port)])]
  ) {
    const port = freeTcpPort();
    await using server = await started(start(port));
    await using client = spawnPython("tcp/tcp_client.py", [String(port)]);
    const { client: c, server: s } = await chat(server, client, input);
    assertEquals([c.code, s.code], [0, 0], s.stderr + c.stderr);
    transcripts.push(hidePorts(s.stdout));
  }
  assertEquals(transcripts[0]!.split("\n"), transcripts[1]!.split("\n"));
  assertEquals(transcripts[0]!.split("\n").length, 8);
});

Deno.test("Deno server echoes bytes that are not UTF-8 exactly and keeps serving", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  {
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const invalid = new Uint8Array([0xff, 0x61, 0xfe, 0x80, 0x7a, 0x00]);
    await conn.write(invalid);
    assertEquals(
      await readBytes(conn, invalid.length),
      new Uint8Array([0xff, 0x41, 0xfe, 0x80, 0x5a, 0x00]),
    );
    await conn.write(encoder.encode("still here"));
    assertEquals(new TextDecoder().decode(await readBytes(conn, 10)), "STILL HERE");
  }
  const s = await server.outcome();
  assertEquals(s.code, 0);
  assertEquals(s.stderr, "");
  assert(s.stdout.includes("收到消息: \ufffda\ufffd\ufffdz\0\n"), s.stdout);
  assert(s.stdout.includes("收到消息: still here\n"), s.stdout);
});

Deno.test("Deno server prints a character cut off by the end of the stream as U+FFFD", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  {
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const cut = new Uint8Array([0x61, 0x62, 0xe4, 0xb8]); // "ab" and two of 你's three bytes
    await conn.write(cut);
    assertEquals(await readBytes(conn, cut.length), new Uint8Array([0x41, 0x42, 0xe4, 0xb8]));
  }
  const s = await server.outcome();
  assertEquals(s.code, 0);
  assertEquals(hidePorts(s.stdout).split("\n").slice(2, 4), ["收到消息: ab", "收到消息: \ufffd"]);
});

Deno.test("Deno server echoes a 16,000-byte message in one piece of the same bytes", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const message = Uint8Array.from({ length: 16_000 }, (_, i) => i % 256);
  for (let round = 0; round < 3; round++) {
    await conn.write(message);
    assertEquals(await readBytes(conn, message.length), asciiUpper(message));
  }
  conn.closeWrite();
  assertEquals((await readToEnd(conn)).length, 0);
  assertEquals((await server.outcome()).code, 0);
});

Deno.test("Deno server holds back a character split across reads instead of garbling it", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  {
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    const bytes = encoder.encode("好!");
    await conn.write(bytes.subarray(0, 2));
    assertEquals(await readBytes(conn, 2), bytes.subarray(0, 2));
    await conn.write(bytes.subarray(2));
    assertEquals(await readBytes(conn, 2), bytes.subarray(2));
  }
  const s = await server.outcome();
  assert(s.stdout.includes("收到消息: \n收到消息: 好!\n"), s.stdout);
  assert(!s.stdout.includes("\ufffd"), s.stdout);
});

Deno.test("Deno server ends the session cleanly when the client resets the connection", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
  await using resetter = spawnPython("-c", [
    `import socket, struct
s = socket.create_connection(("127.0.0.1", ${port}))
s.sendall(b"bye")
assert s.recv(3) == b"BYE"
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()`,
  ]);
  assertEquals((await resetter.outcome()).code, 0);
  const s = await server.outcome();
  assertEquals(s.code, 0);
  assertEquals(s.stderr, "");
  assertEquals(
    hidePorts(s.stdout).split("\n").slice(2),
    ["收到消息: bye", "与 ('127.0.0.1', PORT) 的连接已断开", ""],
  );
});

Deno.test("Deno client sends the bytes of a line exactly, even when they are not UTF-8", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  await using client = denoClient(listener.addr.port);
  await client.write(new Uint8Array([0x20, 0xff, 0x61, 0x0d, 0x0a]));
  using conn = await listener.accept();
  assertEquals(await readBytes(conn, 2), new Uint8Array([0xff, 0x61]));
  await conn.write(new Uint8Array([0xff, 0x41]));
  await client.write("quit\n");
  assertEquals(await readToEnd(conn), new Uint8Array(0));
  const c = await client.outcome();
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript("\ufffdA", null));
});

Deno.test("Deno client ends with exit 0 at the end of its input", async () => {
  const port = freeTcpPort();
  await using server = await started(denoServer(port));
  await using client = denoClient(port);
  const { client: c, server: s } = await chat(server, client, "one\ntwo");
  assertEquals(c.code, 0);
  assertEquals(c.stderr, "");
  assertEquals(c.stdout, clientTranscript("ONE", "TWO", null));
  assertEquals(s.code, 0);
});

Deno.test("Deno client with no server: one line on stderr, exit 1", async () => {
  const port = freeTcpPort();
  await using client = denoClient(port);
  const c = await client.finish();
  assertEquals(c.code, 1);
  assertEquals(c.stdout, "");
  assertEquals(
    c.stderr,
    `Cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)\n`,
  );
});

Deno.test("Deno client with no server on IPv6 names it with the address in brackets", async () => {
  const port = freeTcpPort("::1");
  await using client = denoClient(port, "::1");
  const c = await client.finish();
  assertEquals([c.code, c.stdout], [1, ""]);
  assertEquals(
    c.stderr,
    `Cannot connect to [::1]:${port}: connection refused (is the server running?)\n`,
  );
});

Deno.test("Deno client whose server goes away mid-reply: one line on stderr, exit 1", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  await using client = denoClient(port);
  await client.write("hello\n");
  {
    using conn = await listener.accept();
    assertEquals(await readBytes(conn, 5), encoder.encode("hello"));
    await conn.write(encoder.encode("HEL")); // then hang up, two bytes short
  }
  const c = await client.finish();
  assertEquals(c.code, 1);
  assertEquals(c.stdout, CLIENT_BANNER + ">> ");
  assertEquals(
    c.stderr,
    `Cannot read the reply from 127.0.0.1:${port}: the peer closed the connection before the whole reply arrived\n`,
  );
});

/**
 * Runs the Deno client (`--timeout 0.5`) against a scripted server that reads
 * each line's bytes and answers with the reply given (`null`: no answer),
 * then waits for the client to hang up; returns the client's outcome.
 */
async function againstScriptedServer(
  port: number,
  listener: Deno.Listener,
  exchanges: [string, string | null][],
) {
  await using client = spawnProgram(
    "tcp_client",
    { port, host: "127.0.0.1" },
    ["--timeout", "0.5"],
    {
      timeoutMs: 10_000,
    },
  );
  await client.write(exchanges.map(([line]) => `${line}\n`).join(""));
  const accepted = await Promise.race([listener.accept(), client.outcome()]);
  assert("localAddr" in accepted, `the client did not connect: ${JSON.stringify(accepted)}`);
  using conn = accepted;
  for (const [line, reply] of exchanges) {
    assertEquals(
      new TextDecoder().decode(await readBytes(conn, encoder.encode(line).length)),
      line,
    );
    if (reply !== null) await conn.write(encoder.encode(reply));
  }
  await client.closeStdin();
  assertEquals(await readToEnd(conn), new Uint8Array(0)); // nothing more was sent
  return await client.outcome();
}

const SCRIPTED_CASES: [
  string,
  [string, string | null][],
  (string | null)[],
  (port: number) => string,
][] = [
  [
    "one byte short: prints what came after the timeout, then goes on",
    [["hello", "HELL"], ["world", "WORLD"]],
    ["HELL", "WORLD"],
    (port) => `Cannot get the whole reply from 127.0.0.1:${port}: 4 of 5 bytes came within 0.5 s\n`,
  ],
  [
    "silent: one line when the timeout passes, then goes on",
    [["hello", null], ["world", "WORLD"]],
    [null, "WORLD"],
    (port) =>
      `Cannot get a reply from 127.0.0.1:${port}: none came within 0.5 s (is the server running?)\n`,
  ],
  [
    "echo + EXTRA: the extra bytes are dropped, never the next line's reply",
    [["hello", "HELLOEXTRA"], ["world", "WORLD"]],
    ["HELLO", "WORLD"],
    (port) => `Dropped 5 bytes from 127.0.0.1:${port} that came after the reply\n`,
  ],
  [
    "not the echo: prints what came, says so, then goes on",
    [["hello", "WORLD"], ["world", "WORLD"]],
    ["WORLD", "WORLD"],
    (port) => `The reply from 127.0.0.1:${port} is not the echo of the line sent (5 bytes)\n`,
  ],
];

for (const [name, exchanges, printed, stderr] of SCRIPTED_CASES) {
  Deno.test(`Deno client against a scripted server, ${name}`, async () => {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr;
    const c = await againstScriptedServer(port, listener, exchanges);
    assertEquals([c.code, c.stderr], [0, stderr(port)]);
    assertEquals(c.stdout, clientTranscript(...printed, null));
  });
}

/**
 * Runs the Deno client (`--timeout 0.5`) on `lines` against a server that
 * `script` plays on the accepted connection; then waits for the client to hang
 * up and returns its outcome.
 */
async function againstServerScript(
  lines: string[],
  script: (conn: Deno.Conn, client: Spawned) => Promise<void>,
) {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  await using client = spawnProgram("tcp_client", { port, host: "127.0.0.1" }, [
    "--timeout",
    "0.5",
  ], { timeoutMs: 10_000 });
  await client.write(lines.map((line) => `${line}\n`).join(""));
  const accepted = await Promise.race([listener.accept(), client.outcome()]);
  assert("localAddr" in accepted, `the client did not connect: ${JSON.stringify(accepted)}`);
  using conn = accepted;
  await script(conn, client);
  await client.closeStdin();
  assertEquals(await readToEnd(conn), new Uint8Array(0)); // nothing more was sent
  return { port, outcome: await client.outcome() };
}

/** Reads `line`'s bytes from the client, then writes each of `pieces` as a write of its own. */
async function answer(conn: Deno.Conn, line: string, ...pieces: string[]): Promise<void> {
  assertEquals(new TextDecoder().decode(await readBytes(conn, encoder.encode(line).length)), line);
  for (const piece of pieces) {
    await conn.write(encoder.encode(piece));
    await new Promise((resolve) => setTimeout(resolve, 20)); // most likely a read of its own
  }
}

Deno.test("Deno client skips extra bytes that come after the echo but before the next line's echo", async () => {
  // The echo, then EXTRA once the next line is on its way: EXTRA is not that line's reply.
  const { port, outcome: c } = await againstServerScript(
    ["hello", "world", "again"],
    async (conn) => {
      await answer(conn, "hello", "HELLO");
      await answer(conn, "world", "EXTRA", "WORLD");
      await answer(conn, "again", "EXTRA", "AGAIN");
    },
  );
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript("HELLO", "WORLD", "AGAIN", null));
  const dropped = `Dropped 5 bytes from 127.0.0.1:${port} that belong to an earlier line's reply\n`;
  assertEquals(c.stderr, dropped + dropped);
});

Deno.test("Deno client never prints a reply that came after its timeout as the next line's", async () => {
  // hello's echo comes only once world is sent: it is dropped, and world gets its own echo.
  const { port, outcome: c } = await againstServerScript(
    ["hello", "world"],
    async (conn, client) => {
      await answer(conn, "hello");
      await client.waitForStderr("Cannot get a reply");
      await answer(conn, "world", "HELLO", "WORLD");
    },
  );
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, "WORLD", null));
  assertEquals(
    c.stderr,
    `Cannot get a reply from 127.0.0.1:${port}: none came within 0.5 s (is the server running?)\n` +
      `Dropped 5 bytes from 127.0.0.1:${port} that belong to an earlier line's reply\n`,
  );
});

Deno.test("Deno client drops the rest of a short reply that drips in after its timeout", async () => {
  const { port, outcome: c } = await againstServerScript(
    ["hello", "world"],
    async (conn, client) => {
      await answer(conn, "hello", "H", "E");
      await client.waitForStderr("2 of 5 bytes");
      await answer(conn, "world", ..."LLOWORLD");
    },
  );
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript("HE", "WORLD", null));
  assertEquals(
    c.stderr,
    `Cannot get the whole reply from 127.0.0.1:${port}: 2 of 5 bytes came within 0.5 s\n` +
      `Dropped 3 bytes from 127.0.0.1:${port} that belong to an earlier line's reply\n`,
  );
});

Deno.test("Deno client whose next reply is cut short too prints only its own part", async () => {
  // The rest of hello's echo, then a part of world's: world is answered WO, not LLOWO.
  const { port, outcome: c } = await againstServerScript(
    ["hello", "world"],
    async (conn, client) => {
      await answer(conn, "hello", "HE");
      await client.waitForStderr("2 of 5 bytes");
      await answer(conn, "world", "LLO", "WO");
    },
  );
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript("HE", "WO", null));
  const short =
    `Cannot get the whole reply from 127.0.0.1:${port}: 2 of 5 bytes came within 0.5 s\n`;
  assertEquals(
    c.stderr,
    short + `Dropped 3 bytes from 127.0.0.1:${port} that belong to an earlier line's reply\n` +
      short,
  );
});

Deno.test("Deno client turned away by a full tcp_server -k says so before any prompt, exit 1", async () => {
  const port = freeTcpPort();
  await using server = await started(
    spawnProgram("tcp_server", { port, host: "127.0.0.1" }, ["-k", "--max-conns", "1"]),
  );
  using _first = await Deno.connect({ hostname: "127.0.0.1", port }); // takes the one slot
  await server.waitForStdout("建立连接");
  await using client = denoClient(port);
  const c = await client.outcome(); // before any input: it must not wait at a prompt
  assertEquals([c.code, c.stdout], [1, ""]);
  assertEquals(
    c.stderr,
    `Cannot chat with 127.0.0.1:${port}: the server closed the connection at once (it may be full)\n`,
  );
});

Deno.test("Deno server on a port already in use: one line on stderr, exit 1", async () => {
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  await using server = denoServer(taken.addr.port);
  const s = await server.outcome();
  assertEquals(s.code, 1);
  assertEquals(s.stdout, "");
  assertEquals(
    s.stderr,
    `Cannot listen on 127.0.0.1:${taken.addr.port}: the port is already in use\n`,
  );
});

permissionTest(
  "Deno server with only its documented permission refuses another port in one line",
  async () => {
    const port = freeTcpPort();
    await using server = spawnDeno("tcp/tcp_server.ts", program("tcp_server").permissions, [
      "--port",
      String(port),
    ]);
    const s = await server.outcome();
    assertEquals(s.code, 1);
    assertEquals(
      s.stderr,
      `Cannot listen on 0.0.0.0:${port}: Deno's permissions do not allow it (Requires net access to "0.0.0.0:${port}"; grant it with --allow-net=0.0.0.0:${port})\n`,
    );
  },
);

Deno.test("Deno server and client talk over IPv6 loopback", async () => {
  const port = freeTcpPort("::1");
  await using server = await started(denoServer(port, "::1"));
  await using client = denoClient(port, "::1");
  const { client: c, server: s } = await chat(server, client, "over ipv6\nquit\n");
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript("OVER IPV6", null));
  assertEquals(
    hidePorts(s.stdout).split("\n").slice(1, 3),
    ["与 ('::1', PORT, 0, 0) 建立连接", "收到消息: over ipv6"],
  );
});

Deno.test("Deno server and client print in English with --lang en, the same bytes on the wire", async () => {
  const port = freeTcpPort();
  const placement = { port, host: "127.0.0.1" };
  await using server = spawnProgram("tcp_server", placement, ["--lang", "en"]);
  await server.waitForStdout("Server started, waiting for a client...");
  await using client = spawnProgram("tcp_client", placement, ["--lang", "en"]);
  const { client: c, server: s } = await chat(server, client, "hello 你好\nquit\n");
  assertEquals([c.code, c.stderr], [0, ""]);
  assertEquals(
    c.stdout,
    "Connected to the server! Type a message to send ('quit' to leave).\n" +
      ">> Server replied: HELLO 你好\n>> ",
  );
  assertEquals([s.code, s.stderr], [0, ""]);
  assertEquals(hidePorts(s.stdout).split("\n"), [
    "Server started, waiting for a client...",
    "Connected to ('127.0.0.1', PORT)",
    "Received: hello 你好",
    "Disconnected from ('127.0.0.1', PORT)",
    "",
  ]);
});

Deno.test("--trace: a line per socket operation on stderr, the recv and send counts add up", async () => {
  const port = freeTcpPort();
  await using server = await started(spawnProgram("tcp_server", { port }, ["--trace"]));
  await using client = spawnProgram(
    "tcp_client",
    { port },
    ["--trace"],
  );
  const { client: c, server: s } = await chat(server, client, `hello\n${LONG}\nquit\n`);
  const sent = 5 + encoder.encode(LONG).length;

  // stdout is still the original's transcript; stderr holds nothing but the trace
  assertEquals([c.code, c.stdout, withoutTrace(c.stderr)], [
    0,
    clientTranscript("HELLO", LONG_UPPER, null),
    "",
  ]);
  assertEquals([s.code, withoutTrace(s.stderr)], [0, ""]);
  const serverTrace = traceOf(s.stderr);
  assertEquals(opsOf(serverTrace).slice(0, 4), ["socket", "bind", "listen", "accept"]);
  assertEquals(serverTrace.at(-1)!.op, "close");
  assertEquals([bytesOf(serverTrace, "recv"), bytesOf(serverTrace, "send")], [sent, sent]);
  assertEquals(serverTrace.filter((event) => event.op === "recv").at(-1)!.bytes, 0);
  const clientTrace = traceOf(c.stderr);
  assertEquals(opsOf(clientTrace), ["socket", "connect", "send", "recv", "send", "recv", "close"]); // readExact may take several recv
  assertEquals(clientTrace[1]!.detail, `127.0.0.1:${port}`);
  assertEquals([bytesOf(clientTrace, "send"), bytesOf(clientTrace, "recv")], [sent, sent]);
  assertEquals(clientTrace[2]!.detail, '"hello"');
});
