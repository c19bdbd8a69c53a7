/**
 * The runtime's contract, run on both runtimes: `deno test` runs these tests
 * against Deno itself, and the test runner runs the npm build of this file
 * against `_runtime.node.ts` and `_net.node.ts` on Node (`node --test
 * npm/lib/_runtime_test.js`), so every assertion here is something Deno does
 * and the Node runtime must do too. Written with `node:test`, which both
 * runtimes provide.
 */
import { test } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import process from "node:process";
import { tmpdir } from "node:os";
import type * as NodeRuntime from "./_runtime/deno.node.ts";
import type * as NodeNet from "./_net.node.ts";
import * as net from "./_net.deno.ts";
import * as nodeErrors from "./_runtime/errors.node.ts";
import { fromNodeError } from "./_runtime/node_errors.node.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "./_assert.ts";
import { explainSocketError, withSocketErrors } from "./socket_errors.ts";
import { readFull } from "./read_full.ts";
import { writeAll } from "./write_all.ts";

// One interface: Deno's own API has every member the Node runtime declares,
// with a type that fits, so code that type-checks on Deno uses nothing the
// Node runtime lacks, and the Node build's type check catches any gap. The
// same holds for the network pair (on Node, both names are `_net.node.ts`).
const _denoHasTheNodeRuntimeShape: typeof NodeRuntime = Deno;
const _denoNetHasTheNodeNetShape: typeof NodeNet = net;

type Conn = Awaited<ReturnType<typeof net.connect>>;
type Listener = Awaited<ReturnType<typeof net.listen>>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const LOOPBACK = "127.0.0.1";

/** An address as plain data (Deno's have a null prototype). */
function plain<T extends object>(address: T): T {
  return { ...address };
}

async function connectedPair(): Promise<[Conn, Conn, Listener]> {
  const listener = await net.listen({ hostname: LOOPBACK, port: 0 });
  const [client, server] = await Promise.all([
    net.connect({ hostname: LOOPBACK, port: listener.addr.port }),
    listener.accept(),
  ]);
  return [client, server, listener];
}

async function readText(conn: Conn, length: number): Promise<string> {
  const buffer = new Uint8Array(length);
  return decoder.decode(buffer.subarray(0, await readFull(conn, buffer)));
}

test("listen() resolves once bound: the real port, and a busy port rejects", async () => {
  using listener = await net.listen({ hostname: LOOPBACK, port: 0 });
  const { port } = listener.addr;
  assert(port > 0);
  assertEquals(plain(listener.addr), { transport: "tcp", hostname: LOOPBACK, port });
  await assertRejects(() => net.listen({ hostname: LOOPBACK, port }), Deno.errors.AddrInUse);
  await assertRejects(
    () =>
      withSocketErrors(
        `listen on ${LOOPBACK}:${port}`,
        () => net.listen({ hostname: LOOPBACK, port }),
      ),
    { message: `Cannot listen on ${LOOPBACK}:${port}: the port is already in use` },
  );
});

test("listen() resolves a host name", async () => {
  using listener = await net.listen({ hostname: "localhost", port: 0 });
  assert(["127.0.0.1", "::1"].includes(listener.addr.hostname), listener.addr.hostname);
  assert(listener.addr.port > 0);
});

test("connect() to a port nobody listens on rejects with ConnectionRefused", async () => {
  const closed = await net.listen({ hostname: LOOPBACK, port: 0 });
  const { port } = closed.addr;
  closed.close();
  await assertRejects(
    () => net.connect({ hostname: LOOPBACK, port }),
    Deno.errors.ConnectionRefused,
  );
  await assertRejects(
    () => withSocketErrors(`connect to ${LOOPBACK}:${port}`, () => net.connect({ port })),
    {
      message: `Cannot connect to ${LOOPBACK}:${port}: connection refused (is the server running?)`,
    },
  );
});

test("Conn: addresses, bytes both ways, half-close, then null at the end of the stream", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  using _server = server;
  assertEquals(plain(client.remoteAddr), plain(listener.addr));
  client.setNoDelay(true);
  server.setNoDelay(false);

  await writeAll(client, encoder.encode("hello"));
  await client.closeWrite(); // FIN: the server reads to the end...
  assertEquals(await readText(server, 5), "hello");
  assertEquals(await server.read(new Uint8Array(10)), null);
  assertEquals(await server.read(new Uint8Array(10)), null);

  await writeAll(server, encoder.encode("HELLO")); // ...and can still answer
  assertEquals(await readText(client, 5), "HELLO");
  server.close();
  assertEquals(await client.read(new Uint8Array(10)), null);
  await assertRejects(() => client.write(encoder.encode("late")), Deno.errors.BrokenPipe);
});

test("Conn: close() interrupts a waiting read; reads and writes after it throw BadResource", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  const waiting = assertRejects(() => server.read(new Uint8Array(1)), Deno.errors.Interrupted);
  server.close();
  await waiting;
  await assertRejects(() => server.read(new Uint8Array(1)), Deno.errors.BadResource);
  await assertRejects(() => server.write(encoder.encode("x")), Deno.errors.BadResource);
  assertThrows(() => server.close(), Deno.errors.BadResource);
  assertEquals(await client.read(new Uint8Array(1)), null);
});

test("Conn: one read takes what has arrived, up to the size of its buffer", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  using _server = server;
  await writeAll(client, encoder.encode("abc"));
  await writeAll(client, encoder.encode("defg"));
  await client.closeWrite();
  const buffer = new Uint8Array(5);
  const chunks: string[] = [];
  for (let count = await server.read(buffer); count !== null; count = await server.read(buffer)) {
    chunks.push(decoder.decode(buffer.subarray(0, count)));
  }
  assertEquals(chunks.join(""), "abcdefg");
  assert(chunks.every((chunk) => chunk.length <= 5), chunks.join("|"));
});

test("Conn: a write waits until the peer has read enough (backpressure)", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  using _server = server;
  // 32 MiB: far more than both kernel buffers hold on loopback (a few MiB),
  // so the write cannot be done while the reader has taken only 1 MiB.
  const big = new Uint8Array(32 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = i % 251;
  let finished = false;
  const writing = writeAll(client, big).then(() => finished = true);
  const received = new Uint8Array(big.length);
  assertEquals(await readFull(server, received.subarray(0, 1024 * 1024)), 1024 * 1024);
  assert(!finished, "the write finished before the reader took the bytes");
  assertEquals(await readFull(server, received.subarray(1024 * 1024)), big.length - 1024 * 1024);
  await writing;
  assert(finished);
  assertEquals(received, big);
});

test("Conn.read() throws ConnectionReset when the peer resets the connection", async () => {
  using listener = await net.listen({ hostname: LOOPBACK, port: 0 });
  // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
  const resetter = spawn("python3", [
    "-c",
    `import socket, struct
s = socket.create_connection(("${LOOPBACK}", ${listener.addr.port}))
assert s.recv(1) == b"!"
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()`,
  ], { stdio: "inherit" });
  const exited = new Promise((resolve) => resetter.on("exit", resolve));
  try {
    using conn = await listener.accept();
    await writeAll(conn, encoder.encode("!")); // the resetter's cue
    await assertRejects(() => conn.read(new Uint8Array(10)), Deno.errors.ConnectionReset);
    assertEquals(await exited, 0);
  } finally {
    resetter.kill();
  }
});

test("Listener: close() rejects a pending accept() with BadResource", async () => {
  const listener = await net.listen({ hostname: LOOPBACK, port: 0 });
  const pending = assertRejects(() => listener.accept(), Deno.errors.BadResource);
  listener.close();
  await pending;
  await assertRejects(() => listener.accept(), Deno.errors.BadResource);
  assertThrows(() => listener.close(), Deno.errors.BadResource);
});

test("Listener: connections wait to be accepted in order; closing it resets the rest", async () => {
  const listener = await net.listen({ hostname: LOOPBACK, port: 0 });
  const clients: Conn[] = [];
  try {
    for (const name of ["one", "two", "three"]) {
      const client = await net.connect({ port: listener.addr.port });
      clients.push(client);
      await writeAll(client, encoder.encode(name));
    }
    for (const name of ["one", "two"]) {
      using conn = await listener.accept();
      assertEquals(await readText(conn, name.length), name);
    }
    listener.close(); // "three" was never accepted
    await assertRejects(() => clients[2]!.read(new Uint8Array(1)), Deno.errors.ConnectionReset);
  } finally {
    for (const client of clients) client[Symbol.dispose]();
  }
});

test("listenDatagram() resolves once bound; send and receive whole datagrams", async () => {
  const a = await net.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  const b = await net.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  try {
    const aAddr = a.addr as Deno.NetAddr;
    const bAddr = b.addr as Deno.NetAddr;
    assert(aAddr.port > 0 && bAddr.port > 0);
    assertEquals(plain(aAddr), { transport: "udp", hostname: LOOPBACK, port: aAddr.port });
    await assertRejects(
      () => net.listenDatagram({ hostname: LOOPBACK, port: aAddr.port, transport: "udp" }),
      Deno.errors.AddrInUse,
    );

    assertEquals(await a.send(encoder.encode("ping"), bAddr), 4);
    const [data, from] = await b.receive();
    assertEquals(decoder.decode(data), "ping");
    assertEquals(plain(from), plain(aAddr));

    // Like recvfrom(), a datagram longer than the buffer is cut, not split.
    await a.send(encoder.encode("0123456789"), bAddr);
    await a.send(encoder.encode("next"), bAddr);
    const [cut] = await b.receive(new Uint8Array(4));
    assertEquals(decoder.decode(cut), "0123");
    assertEquals(decoder.decode((await b.receive())[0]), "next");

    // A datagram as large as UDP over IPv4 allows arrives whole; one byte more
    // cannot be sent, and the error reads as the system's.
    const large = Uint8Array.from({ length: 65_507 }, (_, i) => i % 256);
    await a.send(large, bAddr);
    assertEquals(new Uint8Array((await b.receive())[0]), large);
    await assertRejects(() => a.send(new Uint8Array(65_508), bAddr), {
      message: "Message too long (os error 90)",
    });
  } finally {
    a.close();
    b.close();
  }
});

test("DatagramConn: close() interrupts a pending receive(); receive() after it throws BadResource", async () => {
  const socket = await net.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  const pending = assertRejects(() => socket.receive(), Deno.errors.Interrupted);
  socket.close();
  await pending;
  await assertRejects(() => socket.receive(), Deno.errors.BadResource);
  await assertRejects(
    () => socket.send(encoder.encode("x"), socket.addr as Deno.NetAddr),
    Deno.errors.BadResource,
  );
});

test("Files: open, write, seek, read, stat, truncate, rename, remove, with Deno's errors", async () => {
  const dir = mkdtempSync(`${tmpdir()}/socket-primer-`);
  try {
    const path = `${dir}/a.bin`;
    {
      using file = await Deno.open(path, { read: true, write: true, createNew: true });
      assertEquals(await file.write(encoder.encode("hello ")), 6);
      assertEquals(file.writeSync(encoder.encode("world")), 5); // after the async write, in order
      assertEquals(await file.seek(6, Deno.SeekMode.Start), 6);
      const buffer = new Uint8Array(16);
      const count = await file.read(buffer);
      assertEquals(decoder.decode(buffer.subarray(0, count!)), "world");
      assertEquals(await file.read(buffer), null);
      await file.truncate(5);
      assertEquals([(await file.stat()).size, (await file.stat()).isFile], [5, true]);
    }
    await assertRejects(
      () => Deno.open(path, { write: true, createNew: true }),
      Deno.errors.AlreadyExists,
    );
    await assertRejects(() => Deno.open(`${dir}/missing`), Deno.errors.NotFound);
    assertEquals(readFileSync(path, "utf8"), "hello");

    await Deno.writeTextFile(path, "replaced");
    assertEquals(readFileSync(path, "utf8"), "replaced");
    await assertRejects(
      () => Deno.writeTextFile(path, "x", { createNew: true }),
      Deno.errors.AlreadyExists,
    );

    await Deno.rename(path, `${dir}/b.bin`);
    assertThrows(() => statSync(path));
    await Deno.remove(`${dir}/b.bin`);
    await assertRejects(() => Deno.remove(`${dir}/b.bin`), Deno.errors.NotFound);
    writeFileSync(`${dir}/c.bin`, "x");
    Deno.removeSync(`${dir}/c.bin`);
    assertThrows(() => Deno.removeSync(`${dir}/c.bin`), Deno.errors.NotFound);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("Process: stdout and stderr take bytes; a signal listener is called", async () => {
  assertEquals(await Deno.stdout.write(new Uint8Array(0)), 0);
  assertEquals(Deno.stdout.writeSync(new Uint8Array(0)), 0);
  assertEquals(typeof Deno.stderr.isTerminal(), "boolean");
  assert(Array.isArray(Deno.args));
  assertEquals(Deno.build.os, process.platform);
  let called!: () => void;
  const signalled = new Promise<void>((resolve) => called = resolve);
  const handler = () => called();
  Deno.addSignalListener("SIGTERM", handler);
  // A signal listener does not keep the process alive (on either runtime).
  const keepAlive = setInterval(() => {}, 1000);
  try {
    process.kill(process.pid, "SIGTERM");
    await signalled;
  } finally {
    clearInterval(keepAlive);
    Deno.removeSignalListener("SIGTERM", handler);
  }
});

test("fromNodeError() maps Node's error codes to the classes Deno throws", () => {
  const table: [string, new () => Error][] = [
    ["EADDRINUSE", nodeErrors.AddrInUse],
    ["ECONNREFUSED", nodeErrors.ConnectionRefused],
    ["ECONNRESET", nodeErrors.ConnectionReset],
    ["EPIPE", nodeErrors.BrokenPipe],
    ["EACCES", nodeErrors.PermissionDenied],
    ["EADDRNOTAVAIL", nodeErrors.AddrNotAvailable],
    ["ENETUNREACH", nodeErrors.NetworkUnreachable],
    ["ETIMEDOUT", nodeErrors.TimedOut],
    ["ENOENT", nodeErrors.NotFound],
    ["EEXIST", nodeErrors.AlreadyExists],
  ];
  for (const [code, errorClass] of table) {
    const mapped = fromNodeError(Object.assign(new Error(code), { code }));
    assert(mapped instanceof errorClass, code);
  }
  const refused = fromNodeError(
    Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", errno: -111 }),
  ) as Error;
  assertEquals(refused.message, "Connection refused (os error 111)");
  // Node 20 reports every address of a host name it tried, all at once.
  const all = Object.assign(new AggregateError([]), {
    errors: [Object.assign(new Error(), { code: "ECONNREFUSED" })],
  });
  assert(fromNodeError(all) instanceof nodeErrors.ConnectionRefused);
  // A failed lookup reads as Deno's, which socket_errors.ts explains.
  const lookup = fromNodeError(Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }));
  assertEquals(explainSocketError(lookup), "the host name could not be resolved");
  // Any other system error reads as Deno's plain Error for it.
  const tooLong = fromNodeError(
    Object.assign(new Error("send EMSGSIZE"), { code: "EMSGSIZE", errno: -90 }),
  ) as Error;
  assertEquals([tooLong.constructor, tooLong.message], [Error, "Message too long (os error 90)"]);
  const bug = new TypeError("x is undefined");
  assertEquals(fromNodeError(bug), bug);
});
