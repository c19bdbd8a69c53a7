/**
 * The runtime's contract, run on both runtimes: `deno test` runs these tests
 * against Deno itself, and the test runner runs the npm build of this file
 * against `_runtime.node.ts` on Node (`node --test npm/lib/_runtime_test.js`),
 * so every assertion here is something Deno does and the Node runtime must do
 * too. Written with `node:test`, which both runtimes provide.
 */
import { test } from "node:test";
import { spawn } from "node:child_process";
import process from "node:process";
import { tmpdir } from "node:os";
import type * as NodeRuntime from "./_runtime/deno.node.ts";
import * as nodeErrors from "./_runtime/errors.node.ts";
import { fromNodeError } from "./_runtime/node_errors.node.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "./_assert.ts";
import { explainSocketError, withSocketErrors } from "./socket_errors.ts";
import { writeAll } from "./write_all.ts";
import { concatBytes } from "./concat_bytes.ts";

// One interface: Deno's own API has every member the Node runtime declares,
// with a type that fits, so code that type-checks on Deno uses nothing the
// Node runtime lacks, and the Node build's type check catches any gap.
const _denoHasTheNodeRuntimeShape: typeof NodeRuntime = Deno;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const LOOPBACK = "127.0.0.1";

/** An address as plain data (Deno's have a null prototype). */
function plain<T extends object>(address: T): T {
  return { ...address };
}

async function connectedPair(): Promise<[Deno.TcpConn, Deno.TcpConn, Deno.TcpListener]> {
  const listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
  const [client, server] = await Promise.all([
    Deno.connect({ hostname: LOOPBACK, port: listener.addr.port }),
    listener.accept(),
  ]);
  return [client, server, listener];
}

async function readText(conn: Deno.Conn, length: number): Promise<string> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const count = await conn.read(buffer.subarray(filled));
    if (count === null) break;
    filled += count;
  }
  return decoder.decode(buffer.subarray(0, filled));
}

test("Deno.listen binds before it returns: the real port, and a busy port throws", () => {
  using listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
  const { port } = listener.addr;
  assert(port > 0);
  assertEquals(plain(listener.addr), { transport: "tcp", hostname: LOOPBACK, port });
  assertThrows(() => Deno.listen({ hostname: LOOPBACK, port }), Deno.errors.AddrInUse);
  assertThrows(
    () =>
      withSocketErrors(
        `listen on ${LOOPBACK}:${port}`,
        () => Deno.listen({ hostname: LOOPBACK, port }),
      ),
    { message: `Cannot listen on ${LOOPBACK}:${port}: the port is already in use` },
  );
});

test("Deno.listen resolves a host name before it returns", () => {
  using listener = Deno.listen({ hostname: "localhost", port: 0 });
  assert(["127.0.0.1", "::1"].includes(listener.addr.hostname), listener.addr.hostname);
  assert(listener.addr.port > 0);
});

test("Deno.connect to a port nobody listens on throws ConnectionRefused", async () => {
  const closed = Deno.listen({ hostname: LOOPBACK, port: 0 });
  const { port } = closed.addr;
  closed.close();
  await assertRejects(
    () => Deno.connect({ hostname: LOOPBACK, port }),
    Deno.errors.ConnectionRefused,
  );
  await assertRejects(
    () => withSocketErrors(`connect to ${LOOPBACK}:${port}`, () => Deno.connect({ port })),
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
  assertEquals(plain(server.remoteAddr), plain(client.localAddr));
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

test("Conn: its streams close the connection at their end, as Deno's do", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  using _server = server;
  const writer = client.writable.getWriter();
  await writer.write(encoder.encode("abc"));
  await writer.close(); // closes the client: the server reads to the end
  const chunks: string[] = [];
  for await (const chunk of server.readable) chunks.push(decoder.decode(chunk));
  assertEquals(chunks.join(""), "abc");
  // Both are closed now: using them throws, disposing them again does not.
  await assertRejects(() => client.read(new Uint8Array(1)), Deno.errors.BadResource);
  await assertRejects(() => server.write(encoder.encode("x")), Deno.errors.BadResource);
  assertThrows(() => server.close(), Deno.errors.BadResource);
});

test("Conn: a write waits until the peer has read enough (backpressure)", async () => {
  const [client, server, listener] = await connectedPair();
  using _listener = listener;
  using _client = client;
  using _server = server;
  // 32 MiB: far more than both kernel buffers hold on loopback (a few MiB),
  // so the write cannot be done while the reader has taken only 1 MiB.
  const big = Uint8Array.from({ length: 32 * 1024 * 1024 }, (_, i) => i % 251);
  let finished = false;
  const writing = writeAll(client, big).then(() => finished = true);
  const received = new Uint8Array(big.length);
  let filled = 0;
  while (filled < 1024 * 1024) {
    filled += (await server.read(received.subarray(filled, 1024 * 1024)))!;
  }
  assert(!finished, "the write finished before the reader took the bytes");
  while (filled < big.length) filled += (await server.read(received.subarray(filled)))!;
  await writing;
  assert(finished);
  assertEquals(received, big);
});

test("Conn.read() throws ConnectionReset when the peer resets the connection", async () => {
  using listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
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

test("Listener: close() rejects a pending accept() with BadResource and ends a for-await loop", async () => {
  const listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
  const accepted: string[] = [];
  let first!: () => void;
  const gotFirst = new Promise<void>((resolve) => first = resolve);
  const loop = (async () => {
    for await (const conn of listener) {
      accepted.push(await readText(conn, 2));
      conn.close();
      first();
    }
  })();
  const client = await Deno.connect({ port: listener.addr.port });
  await writeAll(client, encoder.encode("hi"));
  await gotFirst;
  client.close();
  listener.close();
  await loop;
  assertEquals(accepted, ["hi"]);
  await assertRejects(() => listener.accept(), Deno.errors.BadResource);
});

test("Listener: connections wait to be accepted in order; closing it resets the rest", async () => {
  const listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
  const clients: Deno.TcpConn[] = [];
  try {
    for (const name of ["one", "two", "three"]) {
      const client = await Deno.connect({ port: listener.addr.port });
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

test("Deno.listenDatagram binds before it returns; send and receive whole datagrams", async () => {
  const a = Deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  const b = Deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  try {
    const aAddr = a.addr as Deno.NetAddr;
    const bAddr = b.addr as Deno.NetAddr;
    assert(aAddr.port > 0 && bAddr.port > 0);
    assertEquals(plain(aAddr), { transport: "udp", hostname: LOOPBACK, port: aAddr.port });
    assertThrows(
      () => Deno.listenDatagram({ hostname: LOOPBACK, port: aAddr.port, transport: "udp" }),
      Deno.errors.AddrInUse,
    );

    assertEquals(await a.send(encoder.encode("ping"), b.addr), 4);
    const [data, from] = await b.receive();
    assertEquals(decoder.decode(data), "ping");
    assertEquals(plain(from), plain(aAddr));

    // Like recvfrom(), a datagram longer than the buffer is cut, not split.
    await a.send(encoder.encode("0123456789"), b.addr);
    await a.send(encoder.encode("next"), b.addr);
    const [cut] = await b.receive(new Uint8Array(4));
    assertEquals(decoder.decode(cut), "0123");
    assertEquals(decoder.decode((await b.receive())[0]), "next");

    // A datagram as large as UDP over IPv4 allows arrives whole; one byte more
    // cannot be sent, and the error reads as the system's.
    const large = Uint8Array.from({ length: 65_507 }, (_, i) => i % 256);
    await a.send(large, b.addr);
    assertEquals((await b.receive())[0], large);
    await assertRejects(() => a.send(new Uint8Array(65_508), b.addr), {
      message: "Message too long (os error 90)",
    });
  } finally {
    a.close();
    b.close();
  }
});

test("DatagramConn: close() ends a for-await loop; receive() after it throws BadResource", async () => {
  const socket = Deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  const sender = Deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
  const seen: string[] = [];
  let first!: () => void;
  const gotFirst = new Promise<void>((resolve) => first = resolve);
  const loop = (async () => {
    for await (const [data] of socket) {
      seen.push(decoder.decode(data));
      first();
    }
  })();
  await sender.send(encoder.encode("one"), socket.addr);
  await gotFirst;
  socket.close();
  await loop;
  sender.close();
  assertEquals(seen, ["one"]);
  await assertRejects(() => socket.receive(), Deno.errors.BadResource);
});

test("Files: open, write, seek, read, stat, rename, remove, with Deno's errors", async () => {
  const dir = await Deno.makeTempDir({ dir: tmpdir(), prefix: "socket-primer-" });
  try {
    const path = `${dir}/a.bin`;
    {
      using file = await Deno.open(path, { write: true, createNew: true });
      assertEquals(await file.write(encoder.encode("hello ")), 6);
      assertEquals(file.writeSync(encoder.encode("world")), 5); // after the async write, in order
      await file.syncData();
      await file.sync();
      assertEquals((await file.stat()).size, 11);
    }
    await assertRejects(
      () => Deno.open(path, { write: true, createNew: true }),
      Deno.errors.AlreadyExists,
    );
    {
      using file = await Deno.open(path);
      assertEquals(await file.seek(6, Deno.SeekMode.Start), 6);
      const buffer = new Uint8Array(16);
      const count = await file.read(buffer);
      assertEquals(decoder.decode(buffer.subarray(0, count!)), "world");
      assertEquals(await file.read(buffer), null);
    }
    await Deno.writeFile(path, encoder.encode("!"), { append: true });
    assertEquals(decoder.decode(await Deno.readFile(path)), "hello world!");
    await Deno.writeTextFile(path, "replaced");
    assertEquals(await Deno.readTextFile(path), "replaced");

    await Deno.rename(path, `${dir}/b.bin`);
    const info = await Deno.stat(`${dir}/b.bin`);
    assertEquals([info.isFile, info.isDirectory, info.size], [true, false, 8]);
    await assertRejects(() => Deno.stat(path), Deno.errors.NotFound);

    const temp = await Deno.makeTempFile({ dir, prefix: "part-", suffix: ".tmp" });
    assert(temp.startsWith(`${dir}/part-`) && temp.endsWith(".tmp"), temp);
    assertEquals((await Deno.stat(temp)).size, 0);
    await Deno.remove(temp);
    await assertRejects(() => Deno.remove(temp), Deno.errors.NotFound);
    // A directory with a file in it is removed only when asked to be recursive.
    await Deno.mkdir(`${dir}/sub/deeper`, { recursive: true });
    await Deno.writeTextFile(`${dir}/sub/deeper/f`, "x");
    await assertRejects(() => Deno.remove(`${dir}/sub`), { message: /^Directory not empty/ });
    await Deno.remove(`${dir}/sub`, { recursive: true });
    await assertRejects(() => Deno.stat(`${dir}/sub`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

test("Files: a file's readable stream yields its bytes in order", async () => {
  const path = await Deno.makeTempFile();
  try {
    const content = Uint8Array.from({ length: 200_000 }, (_, i) => i % 253);
    await Deno.writeFile(path, content);
    const file = await Deno.open(path);
    const chunks: Uint8Array[] = [];
    for await (const chunk of file.readable) chunks.push(chunk);
    assertEquals(concatBytes(chunks), content);
  } finally {
    await Deno.remove(path);
  }
});

test("Process: stdout and stderr take bytes; a signal listener is called", async () => {
  assertEquals(await Deno.stdout.write(new Uint8Array(0)), 0);
  assertEquals(typeof Deno.stderr.isTerminal(), "boolean");
  if ([Deno.stdout, Deno.stderr, Deno.stdin].some((stream) => stream.isTerminal())) {
    const { columns, rows } = Deno.consoleSize();
    assert(columns > 0 && rows > 0);
  } else {
    assertThrows(() => Deno.consoleSize());
  }
  assert(Array.isArray(Deno.args));
  let called!: () => void;
  const signalled = new Promise<void>((resolve) => called = resolve);
  const handler = () => called();
  Deno.addSignalListener("SIGUSR2", handler);
  // A signal listener does not keep the process alive (on either runtime).
  const keepAlive = setInterval(() => {}, 1000);
  try {
    process.kill(process.pid, "SIGUSR2");
    await signalled;
  } finally {
    clearInterval(keepAlive);
    Deno.removeSignalListener("SIGUSR2", handler);
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
