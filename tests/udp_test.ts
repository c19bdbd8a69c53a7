/**
 * End-to-end tests of the UDP echo pair: the Deno scripts against each other,
 * against the Python reference programs, and against raw sockets standing in
 * for a peer, on loopback, on free ports.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { asciiUpper } from "../lib/ascii_upper.ts";
import { MAX_UDP_PAYLOAD_IPV4, MAX_UDP_PAYLOAD_IPV6 } from "../lib/datagrams.ts";
import { ReplyReceiver } from "../lib/reply_receiver.ts";
import { spawnDeno, Spawned, spawnProgram, spawnPython } from "../scripts/_harness/process.ts";
import { permissionTest } from "./_helpers/permissions.ts";
import { spawnWithUnreadStdout } from "../scripts/_harness/unread_stdout.ts";
import { freeUdpPort, hidePorts } from "../scripts/_harness/net.ts";
import { bytesOf, opsOf, traceOf, withoutTrace } from "./_helpers/trace.ts";

const encoder = new TextEncoder();

const SERVER_READY = "UDP 服务器已启动，等待消息...";
/** The Deno server's closing line, on stderr: stdout stays the original's transcript. */
const SERVER_CLOSED = "UDP 服务器已关闭\n";
/** How long a test's own socket waits for a reply before the test fails. */
const GUARD_MS = 10_000;

/** The server with the README's permissions: bind host:port, reply to any port on loopback. */
function denoServer(port: number, host = "127.0.0.1", extraArgs: string[] = []): Spawned {
  return spawnProgram("udp_server", { port, host }, extraArgs);
}

/** The client with the README's permissions: its own socket on any port, the server. */
function denoClient(port: number, host = "127.0.0.1", extraArgs: string[] = []): Spawned {
  return spawnProgram("udp_client", { port, host }, extraArgs);
}

function pythonServer(port: number): Spawned {
  return spawnPython("udp/udp_server.py", [String(port)]);
}

async function started(server: Spawned): Promise<Spawned> {
  await server.waitForStdout(SERVER_READY);
  return server;
}

/** Sends `signal` to a server and waits for it to end. */
async function stop(server: Spawned, signal: Deno.Signal = "SIGTERM") {
  server.kill(signal);
  return await server.outcome();
}

/** The client's stdout: a `>> ` prompt per line read, and the echo printed for it. */
function clientTranscript(...echoes: (string | null)[]): string {
  return echoes.map((echo) => `>> ${echo === null ? "" : `服务器回显: ${echo}\n`}`).join("");
}

/** A server's stdout line for one datagram, with the port hidden as hidePorts() hides it. */
function received(text: string, host = "127.0.0.1"): string {
  return `收到来自 ('${host}', PORT${host.includes(":") ? ", 0, 0" : ""}) 的消息: ${text}`;
}

function timeoutLine(port: number, seconds: string, host = "127.0.0.1"): string {
  return `Cannot get a reply from ${
    host.includes(":") ? `[${host}]` : host
  }:${port}: none came within ${seconds} s (is the server running?)\n`;
}

/** A raw UDP socket in the test, standing in for a client, a server or a stranger. */
class Peer implements Disposable {
  readonly socket: Deno.DatagramConn;
  constructor(hostname = "127.0.0.1", port = 0) {
    this.socket = Deno.listenDatagram({ transport: "udp", hostname, port });
  }
  get addr(): Deno.NetAddr {
    return this.socket.addr as Deno.NetAddr;
  }
  send(data: Uint8Array | string, to: Deno.NetAddr): Promise<number> {
    return this.socket.send(typeof data === "string" ? encoder.encode(data) : data, to);
  }
  /** The next datagram from `from`, failing the test if none comes. */
  async receiveFrom(from: Deno.NetAddr): Promise<Uint8Array> {
    const data = await new ReplyReceiver(this.socket, from).receive(GUARD_MS);
    assert(data !== null, `no datagram from ${from.hostname}:${from.port}`);
    return data;
  }
  /** The next datagram from anyone, with its sender, failing the test if none comes. */
  async receiveAny(): Promise<[Uint8Array, Deno.NetAddr]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guard = new Promise<never>((_, reject) =>
      timer = setTimeout(() => reject(new Error("no datagram arrived")), GUARD_MS)
    );
    try {
      const [data, from] = await Promise.race([this.socket.receive(new Uint8Array(65_535)), guard]);
      return [data, from as Deno.NetAddr];
    } finally {
      clearTimeout(timer);
    }
  }
  [Symbol.dispose]() {
    this.socket.close();
  }
}

function udpAddr(port: number, hostname = "127.0.0.1"): Deno.NetAddr {
  return { transport: "udp", hostname, port };
}

Deno.test("Deno server and Deno client: echoes, stripping, an empty line as an empty datagram, quit", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port));
  await using client = denoClient(port);
  await client.write("hello\n  你好, World!\t\n\n\u3000quit\u3000\nnever sent\n");
  const c = await client.finish();
  const s = await stop(server);

  assertEquals([c.code, c.stderr], [0, ""]);
  assertEquals(c.stdout, clientTranscript("HELLO", "你好, WORLD!", "", null));
  assertEquals([s.code, s.stderr], [0, SERVER_CLOSED]);
  assertEquals(hidePorts(s.stdout).split("\n"), [
    SERVER_READY,
    received("hello"),
    received("你好, World!"),
    received(""),
    "",
  ]);
});

Deno.test("Deno server and Python client: the original client sees the original's echoes", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port));
  await using client = spawnPython("udp/udp_client.py", [String(port)]);
  await client.write(`hello\n  ünïcödé 世界 \n\n${"y".repeat(2000)}\nquit\n`);
  const c = await client.finish();
  const s = await stop(server);

  assertEquals([c.code, c.stderr], [0, ""]);
  // The Deno server echoes all 2000 bytes; the original client's recvfrom(1024) keeps 1024.
  assertEquals(c.stdout, clientTranscript("HELLO", "üNïCöDé 世界", "", "Y".repeat(1024), null));
  assertEquals(s.code, 0);
  assertEquals(hidePorts(s.stdout).split("\n").slice(1, 5), [
    received("hello"),
    received("ünïcödé 世界"),
    received(""),
    received("y".repeat(2000)),
  ]);
});

Deno.test("Python server and Deno client: echoes, and the original's cut at 1024 bytes shows", async () => {
  const port = freeUdpPort();
  await using server = await started(pythonServer(port));
  await using client = denoClient(port);
  await client.write(`hello\n\n${"x".repeat(2000)}\nquit\n`);
  const c = await client.finish();
  const s = await stop(server);

  assertEquals([c.code, c.stderr], [0, ""]);
  // recvfrom(1024) in the original server drops the last 976 bytes of the
  // datagram; the Deno client prints the 1024-byte echo it was sent, whole.
  assertEquals(c.stdout, clientTranscript("HELLO", "", "X".repeat(1024), null));
  assertEquals(hidePorts(s.stdout).split("\n").slice(0, 5), [
    SERVER_READY,
    received("hello"),
    received(""),
    received("x".repeat(1024)),
    "",
  ]);
});

Deno.test("Python server dies on bytes that are not UTF-8; the Deno client reports the lost reply and goes on", async () => {
  const port = freeUdpPort();
  await using server = await started(pythonServer(port));
  await using client = denoClient(port, "127.0.0.1", ["--timeout", "0.3"]);
  await client.write(new Uint8Array([0xff, 0x0a]));
  const s = await server.outcome(); // the original's data.decode('utf-8') raised
  assertEquals(s.code, 1);
  assert(s.stderr.includes("UnicodeDecodeError"), s.stderr);
  await client.write("after\n");
  const c = await client.finish();
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, null, null));
  assertEquals(c.stderr, timeoutLine(port, "0.3").repeat(2));
});

Deno.test("Deno server's transcript equals the Python server's line by line", async () => {
  const input = "hello\n  你好，世界  \n\nMixed Case 123\n\u00a0ünïcödé\u00a0\nquit\n";
  const transcripts: string[][] = [];
  for (const start of [denoServer, pythonServer]) {
    const port = freeUdpPort();
    await using server = await started(start(port));
    await using client = spawnPython("udp/udp_client.py", [String(port)]);
    await client.write(input);
    const c = await client.finish();
    assertEquals(c.code, 0, c.stderr);
    transcripts.push(hidePorts((await stop(server)).stdout).split("\n"));
  }
  const [deno, python] = transcripts as [string[], string[]];
  assertEquals(deno.length, 7);
  // The same lines: the Deno server's closing line goes to stderr (the original is killed mid-loop).
  assertEquals(deno, python);
});

for (
  const [host, max] of [["127.0.0.1", MAX_UDP_PAYLOAD_IPV4], ["::1", MAX_UDP_PAYLOAD_IPV6]] as const
) {
  Deno.test(`Deno server echoes datagrams of 0, 1, 1024, 2000 and ${max} bytes whole over ${host}`, async () => {
    const port = freeUdpPort(host);
    await using server = await started(denoServer(port, host));
    const to = udpAddr(port, host);
    {
      using peer = new Peer(host);
      for (const size of [0, 1, 1024, 2000, max]) {
        const data = Uint8Array.from({ length: size }, (_, i) => 0x40 + i % 64); // @A-Z[\]^_`a-z{|}~
        await peer.send(data, to);
        const echo = await peer.receiveFrom(to);
        assertEquals([echo.length, echo], [size, asciiUpper(data)]);
      }
      // The largest size is the protocol's limit: one byte more cannot even be sent.
      const tooLong = await peer.send(new Uint8Array(max + 1), to).then(() => "sent", String);
      assertEquals(tooLong, "Error: Message too long (os error 90)");
    }
    const s = await stop(server);
    assertEquals([s.code, s.stderr], [0, SERVER_CLOSED]);
    assertEquals(s.stdout.split("\n").length, 1 + 5 + 1);
  });

  Deno.test(`Deno client and server carry a ${max}-byte line whole over ${host}; one more byte is refused in one line`, async () => {
    const port = freeUdpPort(host);
    await using server = await started(denoServer(port, host));
    await using client = denoClient(port, host);
    await client.write(`${"a".repeat(max)}\n${"b".repeat(max + 1)}\nsmall\n`);
    const c = await client.finish();
    assertEquals(c.code, 0);
    assertEquals(c.stdout, clientTranscript("A".repeat(max), null, "SMALL", null));
    assertEquals(
      c.stderr,
      `Cannot send to ${host.includes(":") ? `[${host}]` : host}:${port}: ${
        max + 1
      } bytes is too long for one datagram\n`,
    );
    const s = await stop(server);
    assertEquals(hidePorts(s.stdout).split("\n").slice(1, 3), [
      received("a".repeat(max), host),
      received("small", host),
    ]);
  });
}

Deno.test("Deno server echoes bytes that are not UTF-8 exactly and keeps serving", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port));
  const to = udpAddr(port);
  {
    using peer = new Peer();
    await peer.send(new Uint8Array([0xff, 0x61, 0xfe, 0x80, 0x7a, 0x00, 0xe4, 0xbd]), to);
    assertEquals(
      await peer.receiveFrom(to),
      new Uint8Array([0xff, 0x41, 0xfe, 0x80, 0x5a, 0x00, 0xe4, 0xbd]),
    );
    await peer.send("still here", to);
    assertEquals(new TextDecoder().decode(await peer.receiveFrom(to)), "STILL HERE");
  }
  const s = await stop(server);
  assertEquals([s.code, s.stderr], [0, SERVER_CLOSED]);
  assertEquals(hidePorts(s.stdout).split("\n").slice(1, 3), [
    received("\ufffda\ufffd\ufffdz\0\ufffd"),
    received("still here"),
  ]);
});

Deno.test("Deno client sends a line's bytes exactly, even when they are not UTF-8", async () => {
  using fake = new Peer();
  await using client = denoClient(fake.addr.port);
  await client.write(new Uint8Array([0x20, 0xff, 0x61, 0x0d, 0x0a]));
  const [data, from] = await fake.receiveAny();
  assertEquals(data, new Uint8Array([0xff, 0x61]));
  await fake.send(new Uint8Array([0xff, 0x41]), from);
  const c = await client.finish();
  assertEquals([c.code, c.stdout, c.stderr], [0, clientTranscript("\ufffdA", null), ""]);
});

Deno.test("Deno client with no server: one line per lost reply, then the next line, exit 0 at end of input", async () => {
  const port = freeUdpPort();
  await using client = denoClient(port, "127.0.0.1", ["--timeout", "0.2"]);
  await client.write("one\ntwo");
  const c = await client.finish();
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, null, null));
  assertEquals(c.stderr, timeoutLine(port, "0.2").repeat(2));
});

Deno.test("Deno client goes on after a lost reply and prints the next one", async () => {
  using fake = new Peer();
  await using client = denoClient(fake.addr.port, "127.0.0.1", ["--timeout", "0.2"]);
  await client.write("one\ntwo\n");
  const [one] = await fake.receiveAny(); // and no reply: it is lost
  const [two, from] = await fake.receiveAny();
  await fake.send(asciiUpper(two), from);
  const c = await client.finish();
  assertEquals(new TextDecoder().decode(one), "one");
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, "TWO", null));
  assertEquals(c.stderr, timeoutLine(fake.addr.port, "0.2"));
});

Deno.test("Deno client does not take a reply that came too late for the next line's", async () => {
  using fake = new Peer();
  await using client = denoClient(fake.addr.port, "127.0.0.1", ["--timeout", "0.2"]);
  await client.write("one\n");
  const [, from] = await fake.receiveAny();
  await client.waitForStdout(">> >> "); // timed out, and prompting for the next line
  await fake.send("ONE (LATE)", from);
  await client.write("two\n");
  const [two] = await fake.receiveAny();
  await fake.send(asciiUpper(two), from);
  const c = await client.finish();
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, "TWO", null));
  assertEquals(c.stderr, timeoutLine(fake.addr.port, "0.2"));
});

Deno.test("Deno client ignores datagrams from anyone but the server", async () => {
  using fake = new Peer();
  using stranger = new Peer();
  await using client = denoClient(fake.addr.port);
  await client.write("one\ntwo\n");
  for (const expected of ["one", "two"]) {
    const [data, from] = await fake.receiveAny();
    assertEquals(new TextDecoder().decode(data), expected);
    await stranger.send(`SPAM FOR ${expected}`, from);
    await fake.send(asciiUpper(data), from);
  }
  const c = await client.finish();
  assertEquals([c.code, c.stdout, c.stderr], [0, clientTranscript("ONE", "TWO", null), ""]);
});

Deno.test("Deno server answers several interleaved clients, each with its own echoes", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port));
  const to = udpAddr(port);
  const peers = [new Peer(), new Peer(), new Peer()];
  try {
    for (let round = 1; round <= 3; round++) {
      for (const [i, peer] of peers.entries()) await peer.send(`client ${i} round ${round}`, to);
      for (const [i, peer] of peers.entries()) {
        assertEquals(
          new TextDecoder().decode(await peer.receiveFrom(to)),
          `CLIENT ${i} ROUND ${round}`,
        );
      }
    }
  } finally {
    for (const peer of peers) peer[Symbol.dispose]();
  }
  const s = await stop(server);
  const lines = s.stdout.split("\n").slice(1, 10);
  assertEquals(
    lines,
    [1, 2, 3].flatMap((round) =>
      peers.map((peer, i) =>
        `收到来自 ('127.0.0.1', ${peer.addr.port}) 的消息: client ${i} round ${round}`
      )
    ),
  );
});

Deno.test("Three Deno clients taking turns each print their own echoes", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port));
  await using a = denoClient(port);
  await using b = denoClient(port);
  await using c = denoClient(port);
  const clients = [a, b, c];
  for (let round = 1; round <= 3; round++) {
    for (const [i, client] of clients.entries()) await client.write(`client ${i} round ${round}\n`);
    for (const [i, client] of clients.entries()) {
      await client.waitForStdout(`服务器回显: CLIENT ${i} ROUND ${round}\n`);
    }
  }
  for (const [i, client] of clients.entries()) {
    const outcome = await client.finish();
    assertEquals([outcome.code, outcome.stderr], [0, ""]);
    assertEquals(
      outcome.stdout,
      clientTranscript(...[1, 2, 3].map((round) => `CLIENT ${i} ROUND ${round}`), null),
    );
  }
  const s = await stop(server);
  assertEquals(s.stdout.split("\n").length, 1 + 9 + 1);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`Deno server ends on ${signal} with a closing line on stderr and exit 0`, async () => {
    const port = freeUdpPort();
    await using server = await started(denoServer(port));
    {
      using peer = new Peer();
      await peer.send("hi", udpAddr(port));
      await peer.receiveFrom(udpAddr(port));
    }
    const s = await stop(server, signal);
    assertEquals([s.code, s.stderr], [0, SERVER_CLOSED]);
    assertEquals(hidePorts(s.stdout), [SERVER_READY, received("hi"), ""].join("\n"));
  });
}

Deno.test("Deno server and client talk over IPv6 loopback", async () => {
  const port = freeUdpPort("::1");
  await using server = await started(denoServer(port, "::1"));
  await using client = denoClient(port, "::1");
  await client.write("over ipv6\nquit\n");
  const c = await client.finish();
  const s = await stop(server);
  assertEquals([c.code, c.stdout, c.stderr], [0, clientTranscript("OVER IPV6", null), ""]);
  assertEquals(hidePorts(s.stdout).split("\n").slice(1), [received("over ipv6", "::1"), ""]);
  assertEquals(s.stderr, SERVER_CLOSED);
});

// tests/permissions_test.ts holds the shebangs, README and tasks to scripts/programs.ts.
Deno.test("Deno scripts work with exactly their documented permissions", async () => {
  // The documented flags, with the port moved off 8888 so the test cannot clash.
  const port = freeUdpPort();
  await using server = await started(spawnProgram("udp_server", { port }));
  await using client = spawnProgram("udp_client", { port });
  await client.write("least privilege\n");
  const c = await client.finish();
  assertEquals([c.code, c.stdout, c.stderr], [0, clientTranscript("LEAST PRIVILEGE", null), ""]);
  assertEquals((await stop(server)).code, 0);
});

permissionTest(
  "Deno server without permission to reply says so in one line and keeps serving",
  async () => {
    const port = freeUdpPort();
    await using server = await started(
      spawnDeno("udp/udp_server.ts", [`--allow-net=0.0.0.0:${port}`], ["--port", String(port)]),
    );
    using peer = new Peer();
    await peer.send("first", udpAddr(port));
    await server.waitForStdout("first\n");
    await peer.send("second", udpAddr(port));
    await server.waitForStdout("second\n");
    const s = await stop(server);
    assertEquals(s.code, 0);
    assertEquals(hidePorts(s.stdout).split("\n").slice(1), [
      received("first"),
      received("second"),
      "",
    ]);
    const refused =
      `Cannot reply to ('127.0.0.1', ${peer.addr.port}): Deno's permissions do not allow it (Requires net access to "127.0.0.1:${peer.addr.port}"; grant it with --allow-net=127.0.0.1:${peer.addr.port})\n`;
    assertEquals(s.stderr, refused.repeat(2) + SERVER_CLOSED);
  },
);

Deno.test("Deno server on a port already in use: one line on stderr, exit 1", async () => {
  using taken = new Peer();
  await using server = denoServer(taken.addr.port);
  const s = await server.outcome();
  assertEquals([s.code, s.stdout], [1, ""]);
  assertEquals(
    s.stderr,
    `Cannot listen on 127.0.0.1:${taken.addr.port}: the port is already in use\n`,
  );
});

Deno.test("Deno client drops a late reply instead of printing it as the next line's echo", async () => {
  // a scripted server that answers the first line only after the client has given up on it
  using server = new Peer();
  const port = server.addr.port;
  await using client = denoClient(port, "127.0.0.1", ["--timeout", "0.5"]);
  await client.write("first\n");
  const [first, from] = await server.receiveAny();
  await client.waitForStderr(timeoutLine(port, "0.5"));
  await client.write("second\n");
  const [second] = await server.receiveAny();
  assertEquals([first, second].map((data) => new TextDecoder().decode(data)), ["first", "second"]);
  await server.send("FIRST", from); // too late for line 1, and not line 2's echo
  await server.send("SECOND", from);
  await client.waitForStdout("服务器回显: SECOND\n");
  const c = await client.finish();
  assertEquals(c.code, 0);
  assertEquals(c.stdout, clientTranscript(null, "SECOND", null));
  assertEquals(
    c.stderr,
    timeoutLine(port, "0.5") +
      `Ignored a reply from 127.0.0.1:${port} that is not this line's echo (5 bytes, late?)\n`,
  );
});

Deno.test("Deno server stops on SIGTERM while its stdout is a full pipe nobody reads", async () => {
  const port = freeUdpPort();
  await using server = await spawnWithUnreadStdout("udp/udp_server.ts", [`--allow-net=127.0.0.1`], [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
  ]);
  // 1000-byte lines until the server stops echoing: its stdout (a 64 KiB pipe) is full
  using peer = new Peer();
  const to = udpAddr(port);
  const replies = new ReplyReceiver(peer.socket, to);
  let ready = false; // its ready line cannot be read: wait for a first echo instead
  for (let tries = 0; tries < 100 && !ready; tries++) {
    await peer.send("x".repeat(1000), to);
    ready = (await replies.receive(200)) !== null;
  }
  assert(ready, "the server never answered");
  let stuck = false;
  for (let sent = 0; sent < 1000 && !stuck; sent++) {
    await replies.discardArrived();
    await peer.send("x".repeat(1000), to);
    stuck = (await replies.receive(500)) === null;
  }
  assert(stuck, "the server never blocked on its stdout");
  const s = await server.stopWithin("SIGTERM", 5_000);
  assert(s !== "hung", "the server was still running 5 s after SIGTERM");
  assertEquals(s.code, 0);
  // the line that was being written when the signal came is counted, once
  assertEquals(
    s.stderr,
    `${server.sleeper}\nCannot write 1 line to stdout: it is a full pipe that nobody reads\n${SERVER_CLOSED}`,
  );
});

Deno.test("Deno server given --port 0 says on stderr which port it got", async () => {
  await using server = spawnDeno("udp/udp_server.ts", ["--allow-net=127.0.0.1"], [
    "--host",
    "127.0.0.1",
    "--port",
    "0",
  ]);
  await server.waitForStderr("\n");
  const port = Number(server.stderr.match(/^Listening on port (\d+)\n$/)?.[1]);
  assert(port > 0, server.stderr);
  using peer = new Peer();
  await peer.send("any port", udpAddr(port));
  assertEquals(new TextDecoder().decode(await peer.receiveFrom(udpAddr(port))), "ANY PORT");
  const s = await stop(server);
  assertEquals(
    s.stdout,
    `${SERVER_READY}\n${received("any port").replace("PORT", String(peer.addr.port))}\n`,
  );
});

Deno.test("--trace: a line per socket operation on stderr, the recvfrom and sendto counts add up", async () => {
  const port = freeUdpPort();
  await using server = await started(denoServer(port, "127.0.0.1", ["--trace"]));
  await using client = denoClient(port, "127.0.0.1", ["--trace"]);
  const long = "x".repeat(2000);
  await client.write(`hello\n\n${long}\nquit\n`);
  const c = await client.finish();
  const s = await stop(server);
  const sent = 5 + 0 + 2000;

  // stdout is still the original's transcript; stderr holds nothing but the trace
  assertEquals([c.code, c.stdout, withoutTrace(c.stderr)], [
    0,
    clientTranscript("HELLO", "", "X".repeat(2000), null),
    "",
  ]);
  assertEquals([s.code, withoutTrace(s.stderr)], [0, SERVER_CLOSED]);
  const serverTrace = traceOf(s.stderr);
  assertEquals(opsOf(serverTrace), [
    ...["socket", "bind", "recvfrom", "sendto", "recvfrom", "sendto", "recvfrom", "sendto"],
    "close",
  ]);
  assertEquals(serverTrace.map((event) => event.bytes), [0, 0, 5, 5, 0, 0, 2000, 2000, 0]);
  assertEquals([bytesOf(serverTrace, "recvfrom"), bytesOf(serverTrace, "sendto")], [sent, sent]);
  const clientTrace = traceOf(c.stderr);
  assertEquals(
    clientTrace.map((event) => event.op).join(),
    [
      ...["socket", "bind", "sendto", "recvfrom", "sendto", "recvfrom", "sendto", "recvfrom"],
      "close",
    ].join(),
  );
  assertEquals(clientTrace[2]!.detail, `"hello" to 127.0.0.1:${port}`);
  assertEquals(clientTrace[3]!.detail, `"HELLO" from 127.0.0.1:${port}`);
  assertEquals([bytesOf(clientTrace, "sendto"), bytesOf(clientTrace, "recvfrom")], [sent, sent]);
});

Deno.test("IPv6 addresses in the scripts' lines are in brackets: a port in use, a lost reply", async () => {
  using taken = new Peer("::1");
  await using server = denoServer(taken.addr.port, "::1");
  const s = await server.outcome();
  assertEquals(
    [s.code, s.stderr],
    [1, `Cannot listen on [::1]:${taken.addr.port}: the port is already in use\n`],
  );
  using silent = new Peer("::1");
  await using client = denoClient(silent.addr.port, "::1", ["--timeout", "0.2"]);
  await client.write("hello\n");
  await client.waitForStderr("\n");
  const c = await client.finish();
  assertEquals([c.code, c.stderr], [0, timeoutLine(silent.addr.port, "0.2", "::1")]);
});

Deno.test("Deno server and client print in English with --lang en, the closing line too", async () => {
  const port = freeUdpPort();
  await using server = denoServer(port, "127.0.0.1", ["--lang", "en"]);
  await server.waitForStdout("UDP server started, waiting for messages...");
  await using client = denoClient(port, "127.0.0.1", ["--lang", "en"]);
  await client.write("hello 你好\nquit\n");
  const c = await client.finish();
  const s = await stop(server);
  assertEquals([c.code, c.stderr, c.stdout], [0, "", ">> Server echoed: HELLO 你好\n>> "]);
  assertEquals([s.code, s.stderr], [0, "UDP server stopped\n"]);
  assertEquals(hidePorts(s.stdout).split("\n"), [
    "UDP server started, waiting for messages...",
    "Message from ('127.0.0.1', PORT): hello 你好",
    "",
  ]);
});
