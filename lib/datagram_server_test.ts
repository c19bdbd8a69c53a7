import { DatagramServer, type DatagramSocket } from "./datagram_server.ts";
import { assertEquals } from "./_assert.ts";

const FROM: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 5000 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A socket that delivers `datagrams`, then waits until closed, as Deno's does. */
function fakeSocket(
  datagrams: string[],
  send: DatagramSocket["send"] = (p) => Promise.resolve(p.length),
) {
  let closed = false;
  let interrupt = () => {};
  const socket: DatagramSocket & { sent: string[] } = {
    sent: [],
    receive() {
      if (closed) return Promise.reject(new Deno.errors.BadResource("Socket has been closed"));
      const next = datagrams.shift();
      if (next !== undefined) return Promise.resolve([encoder.encode(next), FROM]);
      return new Promise((_, reject) =>
        interrupt = () => reject(new Deno.errors.Interrupted("closed"))
      );
    },
    send(p, addr) {
      if (closed) return Promise.reject(new Deno.errors.BadResource("Socket has been closed"));
      socket.sent.push(decoder.decode(p));
      return send(p, addr);
    },
    close() {
      closed = true;
      interrupt();
    },
  };
  return socket;
}

/** Runs `loop` and fails if it has not ended within `ms`. */
async function endsWithin(loop: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) =>
    timer = setTimeout(() => reject(new Error(`the loop was still running after ${ms} ms`)), ms)
  );
  try {
    await Promise.race([loop, hung]);
  } finally {
    clearTimeout(timer);
  }
}

function stderrLines() {
  const lines: string[] = [];
  return {
    lines,
    writer: { writeSync: (p: Uint8Array) => lines.push(decoder.decode(p)) && p.length },
  };
}

Deno.test("DatagramServer ends on a stop that comes before the loop waits for a stuck line", async () => {
  // the stop comes between recvfrom() and print(): it must not be missed once the line is stuck
  const socket = fakeSocket(["hello"]);
  const stderr = stderrLines();
  let exits = 0;
  const server = new DatagramServer(socket, {
    printLine: () => new Promise(() => {}), // a full stdout pipe that nobody reads
    stderr: stderr.writer,
    exitStuck: () => exits++,
    graceMs: 10,
  });
  await endsWithin(
    (async () => {
      for await (const [data, addr] of server) {
        server.stop(); // Ctrl+C, just now
        server.print("收到: ", data);
        await server.send(data, addr);
      }
    })(),
    2000,
  );
  assertEquals(exits, 1);
  assertEquals(stderr.lines, [
    "Cannot write 1 line to stdout: it is a full pipe that nobody reads\n",
    "UDP 服务器已关闭\n",
  ]);
});

Deno.test("DatagramServer ends on a stop that comes while a line waits for stdout", async () => {
  const socket = fakeSocket(["one", "two"]);
  const stderr = stderrLines();
  let exits = 0;
  const server = new DatagramServer(socket, {
    printLine: () => new Promise(() => {}),
    stderr: stderr.writer,
    exitStuck: () => exits++,
    graceMs: 10,
  });
  setTimeout(() => server.stop(), 20);
  const seen: string[] = [];
  await endsWithin(
    (async () => {
      for await (const [data, addr] of server) {
        seen.push(decoder.decode(data));
        server.print("收到: ", data);
        await server.send(data, addr);
      }
    })(),
    2000,
  );
  assertEquals([seen, socket.sent, exits], [["one"], ["one"], 1]);
});

Deno.test("DatagramServer drops a reply cut off by the stop, and reports one that cannot be sent", async () => {
  const refused = new Deno.errors.PermissionDenied('Requires net access to "127.0.0.1:5000"');
  const socket = fakeSocket(["a", "b"], () => Promise.reject(refused));
  const stderr = stderrLines();
  const server = new DatagramServer(socket, { printLine: () => undefined, stderr: stderr.writer });
  for await (const [data, addr] of server) {
    await server.send(data, addr); // refused: one line, and the server goes on
    if (decoder.decode(data) === "b") {
      const sending = server.send(data, addr);
      server.stop(); // closes the socket while the reply is on its way
      await sending;
    }
  }
  assertEquals(socket.sent, ["a", "b", "b"]);
  assertEquals(stderr.lines.length, 3);
  assertEquals(stderr.lines.at(-1), "UDP 服务器已关闭\n");
  assertEquals(stderr.lines[0], stderr.lines[1]);
});
