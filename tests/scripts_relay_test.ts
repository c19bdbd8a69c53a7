/**
 * End-to-end tests of `relay` (scripts/relay.ts): each shaping flag, on TCP
 * and UDP, in each direction, asserted as the peer reads it, read by read;
 * the same pieces under the same seed; the originals failing through it;
 * bad flags; a stop on SIGTERM or Ctrl+C. Named after npm/'s `scripts`
 * folder, so the test runner's Node passes run it against the npm package's
 * `socket-primer relay` and the single executable's.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { picked } from "../scripts/relay/picked.ts";
import { permissionsFor, program, tool } from "../scripts/programs.ts";
import {
  NODE_FLAGS,
  ROOT,
  RUNTIME,
  SEA_DIR,
  spawnDeno,
  Spawned,
  spawnPython,
} from "../scripts/_harness/process.ts";
import { freeTcpPort, freeUdpPort } from "../scripts/_harness/net.ts";
import { permissionTest } from "./_helpers/permissions.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs the relay as a user would on this pass: the Deno task, the npm bin or the single executable. */
function spawnRelay(args: string[]): Spawned {
  if (RUNTIME === "sea") {
    return new Spawned(`${SEA_DIR}/socket-primer`, ["relay", ...args], {
      clearEnv: true,
      env: { NODE_OPTIONS: NODE_FLAGS.join(" ") },
    });
  }
  const info = tool("relay");
  return spawnDeno(info.script, info.permissions, args);
}

/** A relay on a free port to `host:to` (127.0.0.1 unless given), once it listens. */
async function startRelay(
  to: number,
  shaping: string[],
  { udp = false, host = "127.0.0.1" } = {},
): Promise<Spawned & { port: number }> {
  const port = udp ? freeUdpPort() : freeTcpPort();
  const args = ["--listen", String(port), "--to", `${host}:${to}`, ...shaping];
  const relay = spawnRelay(udp ? ["--udp", ...args] : args);
  await relay.waitForStdout("Relaying");
  return Object.assign(relay, { port });
}

/** Every read until the end of the stream, each decoded on its own. */
async function reads(conn: Deno.Conn): Promise<string[]> {
  const buffer = new Uint8Array(64 * 1024);
  const all: string[] = [];
  while (true) {
    const count = await conn.read(buffer).catch(() => null);
    if (count === null) return all;
    all.push(decoder.decode(buffer.subarray(0, count)));
  }
}

/** A client connected through the relay, and the server's end of it. */
async function tcpPair(shaping: string[]) {
  const server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const relay = await startRelay(server.addr.port, shaping);
  const client = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
  const conn = await server.accept();
  server.close();
  return {
    relay,
    client,
    conn,
    async [Symbol.asyncDispose]() {
      for (const socket of [client, conn]) {
        try {
          socket.close();
        } catch {
          // closed by the test
        }
      }
      await relay[Symbol.asyncDispose]();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("relay --slice up:2: the server reads the client's one write two bytes at a time; replies pass whole", async () => {
  await using pair = await tcpPair(["--slice", "up:2"]);
  await pair.client.write(encoder.encode("hello world"));
  await pair.client.closeWrite();
  assertEquals(await reads(pair.conn), ["he", "ll", "o ", "wo", "rl", "d"]);
  await pair.conn.write(encoder.encode("HELLO WORLD"));
  await pair.conn.closeWrite();
  assertEquals(await reads(pair.client), ["HELLO WORLD"]);
});

Deno.test("relay --slice down:3: the client reads the server's one write three bytes at a time", async () => {
  await using pair = await tcpPair(["--slice", "down:3"]);
  await pair.conn.write(encoder.encode("abcdefgh"));
  await pair.conn.closeWrite();
  assertEquals(await reads(pair.client), ["abc", "def", "gh"]);
  await pair.client.write(encoder.encode("xyz12345"));
  await pair.client.closeWrite();
  assertEquals(await reads(pair.conn), ["xyz12345"]);
});

Deno.test("relay --coalesce: two writes 20 ms apart are read as one, in each direction (粘包)", async () => {
  for (const direction of ["up", "down"]) {
    await using pair = await tcpPair(["--coalesce", `${direction}:200`]);
    const [writer, reader] = direction === "up"
      ? [pair.client, pair.conn]
      : [pair.conn, pair.client];
    await writer.write(encoder.encode("hello"));
    await sleep(20);
    await writer.write(encoder.encode("world"));
    await writer.closeWrite();
    assertEquals(await reads(reader), ["helloworld"], direction);
  }
});

Deno.test("relay --delay: bytes arrive no sooner than the delay, in the direction named only", async () => {
  await using pair = await tcpPair(["--delay", "down:300"]);
  const sent = performance.now();
  await pair.client.write(encoder.encode("ping"));
  const buffer = new Uint8Array(16);
  const count = await pair.conn.read(buffer);
  assertEquals(decoder.decode(buffer.subarray(0, count!)), "ping");
  const up = performance.now() - sent;
  await pair.conn.write(encoder.encode("PONG"));
  const replied = performance.now();
  const back = await pair.client.read(buffer);
  assertEquals(decoder.decode(buffer.subarray(0, back!)), "PONG");
  assert(
    performance.now() - replied >= 295,
    `the reply came after ${performance.now() - replied} ms`,
  );
  assert(up < performance.now() - replied, "the request was not delayed as the reply was");
});

Deno.test("relay --cut-after: the peer gets that many bytes, then the end; both sides are closed", async () => {
  for (const direction of ["up", "down"]) {
    await using pair = await tcpPair(["--cut-after", `${direction}:5`]);
    const [writer, reader] = direction === "up"
      ? [pair.client, pair.conn]
      : [pair.conn, pair.client];
    await writer.write(encoder.encode("hello world"));
    assertEquals((await reads(reader)).join(""), "hello", direction);
    assertEquals(await reads(writer), [], `${direction}: the writer's side ends too`);
  }
});

Deno.test("relay to a server that is not there: one line, the client's connection ends, the relay goes on", async () => {
  await using relay = await startRelay(freeTcpPort(), []);
  const client = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
  assertEquals(await reads(client), []);
  client.close();
  await relay.waitForStderr("\n");
  relay.kill("SIGTERM");
  const { code, stderr } = await relay.outcome();
  assertEquals([code, stderr.replace(/:\d+:/, ":PORT:")], [
    0,
    "Cannot connect to 127.0.0.1:PORT: connection refused (is the server running?)\n",
  ]);
});

permissionTest(
  "relay's permissions reach loopback only: a --to elsewhere is refused, in one line per attempt",
  async () => {
    const relay = spawnRelay(["--listen", String(freeTcpPort()), "--to", "10.0.0.1:9"]);
    await using _relay = relay;
    await relay.waitForStdout("Relaying");
    const port = Number(relay.stdout.match(/127\.0\.0\.1:(\d+)/)![1]);
    const client = await Deno.connect({ hostname: "127.0.0.1", port });
    assertEquals(await reads(client), []);
    client.close();
    await relay.waitForStderr("\n");
    relay.kill("SIGTERM");
    const { code, stderr } = await relay.outcome();
    assertEquals([code, stderr], [
      0,
      'Cannot connect to 10.0.0.1:9: Deno\'s permissions do not allow it (Requires net access to "10.0.0.1:9"; grant it with --allow-net=10.0.0.1:9)\n',
    ]);
  },
);

permissionTest(
  "relay --udp to an address its permissions leave out: one line, and it goes on",
  async () => {
    await using relay = await startRelay(9, [], { udp: true, host: "[::1]" });
    const client = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
    try {
      const to = { transport: "udp" as const, hostname: "127.0.0.1", port: relay.port };
      await client.send(encoder.encode("a"), to);
      await relay.waitForStderr("\n");
    } finally {
      client.close();
    }
    relay.kill("SIGTERM");
    const { code, stderr } = await relay.outcome();
    assertEquals([code, stderr.split("\n")[0]!.replace(/\(.*\)$/, "(…)")], [
      0,
      "Cannot open a socket towards [::1]:9: Deno's permissions do not allow it (…)",
    ]);
  },
);

Deno.test("relay --slice down:1 --trace: the original client prints one byte of an echo, then the rest as the next line's", async () => {
  const port = freeTcpPort();
  await using server = spawnPython("tcp/tcp_server.py", [String(port)]);
  await server.waitForStdout("服务器已启动");
  await using relay = await startRelay(port, ["--slice", "down:1", "--trace"]);
  await using client = spawnPython("tcp/tcp_client.py", [String(relay.port)]);
  await client.write("hello\n");
  await relay.waitForStderr('"O" to');
  const pieces = relay.stderr.split("\n").filter((line) => / send 1 B .* to /.test(line));
  assertEquals(pieces.map((line) => line.match(/"(.)"/)?.[1]), ["H", "E", "L", "L", "O"]);
  await client.write("bye\n");
  await client.waitForStdoutCount(">> ", 3);
  await client.write("quit\n");
  const { stdout } = await client.outcome();
  assertEquals(
    stdout,
    "已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。\n" +
      ">> 服务器响应: H\n>> 服务器响应: ELLO\n>> ",
  );
});

Deno.test("relay --coalesce up:100: the original receiver reads header and data as one and crashes; the port's holds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "relay_test_" });
  try {
    for (const receiver of ["python", "port"]) {
      const port = freeTcpPort();
      await using server = receiver === "python"
        ? spawnPython(`${ROOT}filetransfer/file_receiver.py`, [String(port)], { cwd: dir })
        : spawnDeno(
          `${ROOT}filetransfer/file_receiver.ts`,
          permissionsFor(program("file_receiver"), { port }),
          ["--port", String(port)],
          { cwd: dir },
        );
      await server.waitForStdout("[*] 正在监听");
      await using relay = await startRelay(port, ["--coalesce", "up:100"]);
      await using sender = spawnPython(
        `${ROOT}filetransfer/file_sender.py`,
        [String(relay.port)],
        { cwd: dir },
      );
      assertEquals((await sender.outcome()).code, 0);
      const outcome = await server.outcome();
      if (receiver === "python") {
        assertEquals(outcome.code, 1);
        assert(
          outcome.stderr.includes("ValueError: invalid literal for int() with base 10: '45000This"),
          outcome.stderr,
        );
      } else {
        assertEquals(outcome.code, 0, outcome.stderr);
        const file = await Deno.readTextFile(`${dir}/received_my_document.pdf`);
        assertEquals(file, "This is a test file for socket transmission.\n".repeat(1000));
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A UDP echo server in this process that notes what it receives. */
function udpEcho() {
  const socket = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  const received: string[] = [];
  const senders: Deno.NetAddr[] = [];
  const waiters: (() => void)[] = [];
  (async () => {
    for await (const [data, from] of socket) {
      received.push(decoder.decode(data));
      senders.push(from as Deno.NetAddr);
      for (const wake of waiters.splice(0)) wake();
      await socket.send(data, from);
    }
  })().catch(() => {});
  return {
    port: (socket.addr as Deno.NetAddr).port,
    received,
    senders,
    /** Waits until `count` datagrams have come. */
    async until(count: number) {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
    },
    close: () => socket.close(),
  };
}

/**
 * Sends `text` every 200 ms (at most 50 times) until its echo comes back, so
 * that a client the relay turns away can wait to be served; skips older echoes.
 */
async function ask(
  client: { send(text: string): Promise<number>; receive(): Promise<string> },
  text: string,
): Promise<string> {
  let echoed = false;
  const answer = (async () => {
    while (await client.receive() !== text) {
      // an echo of an earlier send
    }
    echoed = true;
  })().catch(() => {});
  for (let i = 0; i < 50 && !echoed; i++) {
    await client.send(text);
    await Promise.race([answer, sleep(200)]);
  }
  if (!echoed) throw new Error(`No echo of ${JSON.stringify(text)} in 10 s`);
  return text;
}

/** A UDP client through the relay. */
async function udpPair(shaping: string[]) {
  const server = udpEcho();
  const relay = await startRelay(server.port, shaping, { udp: true });
  const socket = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: relay.port };
  return {
    relay,
    server,
    send: (text: string) => socket.send(encoder.encode(text), to),
    async receive(): Promise<string> {
      const [data] = await socket.receive();
      return decoder.decode(data);
    },
    ask(text: string): Promise<string> {
      return ask(this, text);
    },
    async [Symbol.asyncDispose]() {
      socket.close();
      server.close();
      await relay[Symbol.asyncDispose]();
    },
  };
}

Deno.test("relay --udp forwards to the client only what comes from --to: a stranger's datagram is dropped", async () => {
  await using pair = await udpPair([]);
  await pair.send("a");
  assertEquals(await pair.receive(), "a");
  const stranger = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  await stranger.send(encoder.encode("stranger"), pair.server.senders[0]!);
  stranger.close();
  await pair.send("b");
  assertEquals(await pair.receive(), "b");
});

Deno.test("relay --udp --drop up:2: the server never gets the second datagram", async () => {
  await using pair = await udpPair(["--drop", "up:2"]);
  for (const text of ["1", "2", "3"]) await pair.send(text);
  assertEquals([await pair.receive(), await pair.receive()], ["1", "3"]);
  assertEquals(pair.server.received, ["1", "3"]);
});

Deno.test("relay --udp --drop down:2: the server answers all three, the client gets the 1st and 3rd reply", async () => {
  await using pair = await udpPair(["--drop", "down:2"]);
  for (const text of ["1", "2", "3"]) await pair.send(text);
  assertEquals([await pair.receive(), await pair.receive()], ["1", "3"]);
  assertEquals(pair.server.received, ["1", "2", "3"]);
});

Deno.test("relay --udp numbers each client's datagrams from 1: --drop down:1 drops every client's first reply", async () => {
  await using first = await udpPair(["--drop", "down:1"]);
  const second = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  try {
    const relay = { transport: "udp" as const, hostname: "127.0.0.1", port: first.relay.port };
    await first.send("a");
    await second.send(encoder.encode("b"), relay);
    await first.server.until(2);
    await second.send(encoder.encode("c"), relay);
    assertEquals(decoder.decode((await second.receive())[0]), "c");
    await first.send("d");
    assertEquals(await first.receive(), "d");
    assertEquals(first.server.received, ["a", "b", "c", "d"]);
  } finally {
    second.close();
  }
});

Deno.test("relay --udp --drop p=0.5 --seed N: the same datagrams are dropped on every run", async () => {
  const runs: string[][] = [];
  for (const seed of [7, 7, 8]) {
    const expected = [...Array(20).keys()].map((i) => String(i + 1))
      .filter((n) => !picked({ rate: 0.5 }, Number(n), seed, "drop up"));
    await using pair = await udpPair(["--drop", "up:p=0.5", "--seed", String(seed)]);
    for (let n = 1; n <= 20; n++) await pair.send(String(n));
    await pair.server.until(expected.length);
    assertEquals(pair.server.received, expected, `seed ${seed}`);
    runs.push(pair.server.received);
  }
  assertEquals(runs[0], runs[1]);
  assert(runs[0]!.length > 0 && runs[0]!.length < 20, `seed 7 dropped ${20 - runs[0]!.length}`);
  assert(JSON.stringify(runs[0]) !== JSON.stringify(runs[2]), "seeds 7 and 8 drop the same");
});

Deno.test("relay --udp --duplicate: the named datagram arrives twice, in the direction named", async () => {
  await using up = await udpPair(["--duplicate", "up:2"]);
  for (const text of ["1", "2", "3"]) await up.send(text);
  await up.server.until(4);
  assertEquals(up.server.received, ["1", "2", "2", "3"]);

  await using down = await udpPair(["--duplicate", "down:1"]);
  await down.send("a");
  assertEquals([await down.receive(), await down.receive()], ["a", "a"]);
  await down.send("b");
  assertEquals(await down.receive(), "b");
  assertEquals(down.server.received, ["a", "b"]);
});

Deno.test("relay --udp --delay down:300: a reply arrives no sooner than 300 ms after the server sent it", async () => {
  await using pair = await udpPair(["--delay", "down:300"]);
  const sent = performance.now();
  await pair.send("late");
  await pair.server.until(1);
  const served = performance.now();
  assertEquals(await pair.receive(), "late");
  assert(performance.now() - served >= 295, `after ${performance.now() - served} ms`);
  assert(served - sent < performance.now() - served, "the request was delayed too");
});

Deno.test("relay --udp --truncate: each datagram is cut to N bytes, in the direction named", async () => {
  await using up = await udpPair(["--truncate", "up:3"]);
  await up.send("abcdef");
  assertEquals(await up.receive(), "abc");
  assertEquals(up.server.received, ["abc"]);

  await using down = await udpPair(["--truncate", "down:2"]);
  await down.send("abcdef");
  assertEquals(await down.receive(), "ab");
  assertEquals(down.server.received, ["abcdef"]);
});

Deno.test("relay --udp --reorder: each pair of datagrams arrives swapped, in the direction named", async () => {
  await using up = await udpPair(["--reorder", "up"]);
  for (const text of ["1", "2", "3", "4"]) await up.send(text);
  await up.server.until(4);
  assertEquals(up.server.received, ["2", "1", "4", "3"]);

  await using down = await udpPair(["--reorder", "down"]);
  await down.send("1");
  await down.server.until(1);
  await down.send("2");
  assertEquals([await down.receive(), await down.receive()], ["2", "1"]);
  assertEquals(down.server.received, ["1", "2"]);
});

Deno.test("relay --udp --drop down:1: the original client waits forever for the lost reply", async () => {
  const port = freeUdpPort();
  await using server = spawnPython("udp/udp_server.py", [String(port)]);
  await server.waitForStdout("UDP 服务器已启动");
  await using relay = await startRelay(port, ["--drop", "down:1", "--trace"], { udp: true });
  await using client = spawnPython("udp/udp_client.py", [String(relay.port)], { timeoutMs: 5_000 });
  await client.write("hello\n");
  await server.waitForStdout("hello");
  await relay.waitForStderr('"HELLO" from');
  await sleep(500); // the reply would have come by now
  assertEquals(client.stdout, ">> ");
});

Deno.test("relay stops on SIGTERM and on Ctrl+C with exit 0, mid-connection and mid-delay", async () => {
  for (const [signal, udp] of [["SIGTERM", false], ["SIGINT", true]] as const) {
    const server = udpEcho();
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    await using relay = await startRelay(
      udp ? server.port : listener.addr.port,
      ["--delay", "60000"],
      { udp },
    );
    if (udp) {
      const socket = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
      await socket.send(encoder.encode("x"), {
        transport: "udp",
        hostname: "127.0.0.1",
        port: relay.port,
      });
      await sleep(100);
      socket.close();
    } else {
      const client = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
      await client.write(encoder.encode("x"));
      (await listener.accept()).close();
      client.close();
    }
    relay.kill(signal);
    const { code, stderr } = await relay.outcome();
    assertEquals([code, stderr], [0, ""], signal);
    listener.close();
    server.close();
  }
});

Deno.test("relay refuses a bad value in one line and exit 2, before listening", async () => {
  await using relay = spawnRelay(["--listen", "9002", "--to", "127.0.0.1:9001", "--slice", "x"]);
  const { code, stdout, stderr } = await relay.outcome();
  assertEquals([code, stdout, stderr], [
    2,
    "",
    'Invalid --slice "x": expected a whole number from 1 to 1073741824\n',
  ]);
});

/** Binds 127.0.0.1:`port` for UDP, or `undefined` while another socket holds it. */
function bindUdp(port: number): Deno.DatagramConn | undefined {
  try {
    return Deno.listenDatagram({ hostname: "127.0.0.1", port, transport: "udp" });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return undefined;
    throw error;
  }
}

/** A UDP socket of the test's own, sending to the relay on `port`. */
function udpClient(port: number) {
  const socket = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
  return {
    send: (text: string) => socket.send(encoder.encode(text), to),
    async receive(): Promise<string> {
      const [data] = await socket.receive();
      return decoder.decode(data);
    },
    ask(text: string): Promise<string> {
      return ask(this, text);
    },
    [Symbol.dispose]: () => socket.close(),
  };
}

Deno.test("relay holds 12 TCP connections and 12 UDP clients at once with nothing on stderr (no listener leak warning)", async () => {
  for (const udp of [false, true]) {
    const echo = udpEcho();
    const server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    await using relay = await startRelay(udp ? echo.port : server.addr.port, [], { udp });
    if (udp) {
      const clients = Array.from({ length: 12 }, () => udpClient(relay.port));
      for (const [i, client] of clients.entries()) assertEquals(await client.ask(`u${i}`), `u${i}`);
      for (const client of clients) client[Symbol.dispose]();
    } else {
      const pairs: [Deno.Conn, Deno.Conn][] = [];
      for (let i = 0; i < 12; i++) {
        const client = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
        pairs.push([client, await server.accept()]);
      }
      const buffer = new Uint8Array(16);
      for (const [i, [client, conn]] of pairs.entries()) {
        await client.write(encoder.encode(`t${i}`));
        const count = await conn.read(buffer);
        assertEquals(decoder.decode(buffer.subarray(0, count!)), `t${i}`);
      }
      for (const [client, conn] of pairs) {
        client.close();
        conn.close();
      }
    }
    relay.kill("SIGTERM");
    const { code, stderr } = await relay.outcome();
    assertEquals([code, stderr], [0, ""], udp ? "UDP" : "TCP");
    server.close();
    echo.close();
  }
});

Deno.test("relay --udp --max-clients 3: a 4th and 5th client are dropped with one line, the relay goes on, and serves a new client once one is idle", async () => {
  await using pair = await udpPair(["--max-clients", "3", "--client-idle", "1"]);
  using second = udpClient(pair.relay.port);
  using third = udpClient(pair.relay.port);
  assertEquals(await pair.ask("1"), "1");
  assertEquals(await second.ask("2"), "2");
  assertEquals(await third.ask("3"), "3");
  using fourth = udpClient(pair.relay.port);
  using fifth = udpClient(pair.relay.port);
  for (const text of ["4a", "4b"]) await fourth.send(text);
  for (const text of ["5a", "5b"]) await fifth.send(text);
  await pair.relay.waitForStderr("\n");
  assertEquals(await pair.ask("1b"), "1b"); // a client already open is still served
  using sixth = udpClient(pair.relay.port);
  assertEquals(await sixth.ask("6"), "6"); // once the others have been idle for a second
  assertEquals(pair.server.received.filter((text) => /^[45]/.test(text)), []);
  pair.relay.kill("SIGTERM");
  const { code, stderr } = await pair.relay.outcome();
  assertEquals([code, stderr], [
    0,
    "Dropping datagrams from new clients: 3 clients have a socket open, the most --max-clients allows\n",
  ]);
});

Deno.test("relay --udp --client-idle 1: an idle client's socket is closed, and its next datagram counts from 1 again", async () => {
  await using pair = await udpPair(["--client-idle", "1", "--drop", "down:1"]);
  await pair.send("a"); // its reply is the 1st: dropped
  await pair.server.until(1);
  await pair.send("b");
  assertEquals(await pair.receive(), "b"); // a live client's count goes on
  const port = pair.server.senders[0]!.port;
  assertEquals(pair.server.senders[1]!.port, port);
  assertEquals(bindUdp(port), undefined, "the client's socket is open while it is in use");
  let freed: Deno.DatagramConn | undefined;
  for (let i = 0; i < 100 && freed === undefined; i++) {
    await sleep(100);
    freed = bindUdp(port);
  }
  assert(freed !== undefined, "the idle client's socket was never closed");
  freed.close();
  await pair.send("c"); // a new socket: the reply is the 1st again, dropped
  await pair.server.until(3);
  await pair.send("d");
  assertEquals(await pair.receive(), "d");
  assertEquals(pair.server.received, ["a", "b", "c", "d"]);
  assert(pair.server.senders[2]!.port !== port, "the same socket served the client again");
  pair.relay.kill("SIGTERM");
  assertEquals((await pair.relay.outcome()).stderr, "");
});
