import { traced } from "./trace.ts";
import { writeAll } from "./write_all.ts";
import { assert, assertEquals } from "./_assert.ts";

const encoder = new TextEncoder();

/** One trace line, split: `[trace] OP N B T ms DETAIL`. */
interface TraceEvent {
  op: string;
  bytes: number;
  detail: string;
}

/** Collects trace lines as events, with a clock that ticks 1 ms per line. */
function recorder() {
  const events: TraceEvent[] = [];
  let clock = 0;
  return {
    events,
    options: {
      write: (line: string) => {
        const [, op, bytes, , , , ...detail] = line.split(" ");
        events.push({ op: op!, bytes: Number(bytes), detail: detail.join(" ") });
      },
      now: () => ++clock,
    },
  };
}

Deno.test("traced() returns the very socket when tracing is off", () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  assert(traced(listener, false) === listener);
});

Deno.test("traced() logs socket, bind, listen, accept, every recv and send, and one close, on a real connection", async () => {
  const server = recorder();
  const client = recorder();
  using listener = traced(Deno.listen({ hostname: "127.0.0.1", port: 0 }), server.options);
  const message = encoder.encode("x".repeat(200_000));
  const accepted = listener.accept();
  {
    using conn = traced(
      await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
      client.options,
    );
    await writeAll(conn, message);
  }
  {
    using conn = await accepted;
    const buffer = new Uint8Array(4096);
    while (await conn.read(buffer) !== null);
    conn.close(); // then disposal: still one close line
  }
  const ops = (events: TraceEvent[], op: string) => events.filter((event) => event.op === op);
  const port = listener.addr.port;
  assertEquals(server.events.slice(0, 3), [
    { op: "socket", bytes: 0, detail: "AF_INET SOCK_STREAM" },
    { op: "bind", bytes: 0, detail: `127.0.0.1:${port}` },
    { op: "listen", bytes: 0, detail: "backlog 511" },
  ]);
  assertEquals(server.events[3]!.op, "accept");
  assertEquals(server.events[3]!.detail.startsWith("127.0.0.1:"), true);
  const reads = ops(server.events, "recv");
  assertEquals(reads.reduce((sum, event) => sum + event.bytes, 0), message.length);
  assertEquals(reads.at(-1)!.bytes, 0); // the end of the stream, like Python's b""
  assert(reads.every((event) => event.bytes <= 4096));
  assertEquals(ops(server.events, "close").length, 1);
  assertEquals(client.events.slice(0, 2), [
    { op: "socket", bytes: 0, detail: "AF_INET SOCK_STREAM" },
    { op: "connect", bytes: 0, detail: `127.0.0.1:${port}` },
  ]);
  assertEquals(ops(client.events, "send").reduce((sum, event) => sum + event.bytes, 0), 200_000);
  assertEquals(ops(client.events, "close").length, 1);
});

Deno.test("traced() logs socket, bind, then recvfrom and sendto with the peer's address", async () => {
  const trace = recorder();
  const socket = traced(
    Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 }),
    trace.options,
  );
  const peer = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const peerPort = (peer.addr as Deno.NetAddr).port;
  try {
    await socket.send(encoder.encode("hi"), {
      transport: "udp",
      hostname: "127.0.0.1",
      port: peerPort,
    });
    const [data, from] = await peer.receive();
    await peer.send(encoder.encode("HI!"), {
      transport: "udp",
      hostname: "127.0.0.1",
      port: (socket.addr as Deno.NetAddr).port,
    });
    assertEquals(data.length, 2);
    assert(from);
    await socket.receive();
  } finally {
    socket.close();
    peer.close();
  }
  assertEquals(trace.events.map((event) => [event.op, event.bytes, event.detail]), [
    ["socket", 0, "AF_INET SOCK_DGRAM"],
    ["bind", 0, `127.0.0.1:${(socket.addr as Deno.NetAddr).port}`],
    ["sendto", 2, `"hi" to 127.0.0.1:${peerPort}`],
    ["recvfrom", 3, `"HI!" from 127.0.0.1:${peerPort}`],
    ["close", 0, ""],
  ]);
});
