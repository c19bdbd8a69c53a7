/**
 * A bounded flood and a fuzz run on `udp_server`: it serves every sender,
 * never stops, and every reply matches its datagram; its descriptors stay
 * put. The same code at full size is `npm run stress` (scripts/stress.ts).
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { asciiUpper } from "../lib/ascii_upper.ts";
import { processStats } from "../scripts/stress/process_stats.ts";
import { Random } from "../scripts/stress/random_bytes.ts";
import { udpLoad } from "../scripts/stress/udp_load.ts";
import { ReplyReceiver } from "../lib/reply_receiver.ts";
import { spawnDeno, Spawned } from "../scripts/_harness/process.ts";
import { freeUdpPort } from "../scripts/_harness/net.ts";

async function udpServer(port: number): Promise<Spawned> {
  const server = spawnDeno("udp/udp_server.ts", [`--allow-net=127.0.0.1:${port},127.0.0.1`], [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
  ], { timeoutMs: 120_000 });
  await server.waitForStdout("UDP 服务器已启动，等待消息...");
  return server;
}

Deno.test("udp_server serves 8 senders × 500 datagrams at once: every reply matches, none stops it", async () => {
  const port = freeUdpPort();
  await using server = await udpServer(port);
  await udpLoad({ port, senders: 2, datagrams: 100, maxBytes: 4096, seed: 1 }); // warm-up
  const before = await processStats(server.pid);
  const result = await udpLoad({ port, senders: 8, datagrams: 500, maxBytes: 4096, seed: 2 });
  assertEquals(result.wrong, 0);
  assertEquals(result.sent, 8 * 500);
  assertEquals(result.replies + result.lost, result.sent);
  // UDP may drop under load; on loopback with 16 in flight per sender, almost nothing is.
  assert(result.replies >= result.sent * 0.95, `${result.replies} replies of ${result.sent}`);
  const after = await processStats(server.pid);
  assertEquals(after.fds, before.fds);
  assertEquals(server.stderr, "");
  server.kill("SIGTERM");
  const outcome = await server.outcome();
  assertEquals(outcome.code, 0); // it was still running: SIGTERM ends it cleanly
  assertEquals(outcome.stderr, "UDP 服务器已关闭\n"); // its closing line, on stderr
});

Deno.test("udp_server fuzz: 300 random datagrams (empty, binary, bad UTF-8, up to 65,507 bytes) each echoed exactly", async () => {
  const port = freeUdpPort();
  await using server = await udpServer(port);
  const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  using _close = { [Symbol.dispose]: () => socket.close() };
  const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
  const random = new Random(0xf022);
  const sizes = [0, 1, 65_507, ...Array.from({ length: 297 }, () => random.int(0, 2048))];
  for (const [i, size] of sizes.entries()) {
    const datagram = random.bytes(size);
    if (i % 3 === 0 && size > 0) datagram[0] = 0xff; // never valid UTF-8
    await socket.send(datagram, to);
    const [reply] = await socket.receive();
    assertEquals(reply, asciiUpper(datagram), `datagram ${i}, ${size} bytes`);
  }
  assertEquals(server.stderr, "");
});

/** A UDP flood: `python3 -c FLOOD PORT COUNT` sends COUNT 1000-byte datagrams, as fast as it can. */
const FLOOD = `
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
print("flooding", flush=True)
for _ in range(count):
    try:
        s.sendto(b"x" * 1000, ("127.0.0.1", port))
    except BlockingIOError:
        time.sleep(0.0005)
`;

Deno.test("udp_server ends cleanly on SIGTERM under a flood of 1000-byte datagrams, 15 runs of 15", async () => {
  const payload = new Uint8Array(1000).fill(0x78);
  for (let run = 1; run <= 15; run++) {
    const port = freeUdpPort();
    // stdout into /dev/null: no print waits, so the signal mostly comes during a reply's send()
    await using server = spawnDeno("udp/udp_server.ts", [`--allow-net=127.0.0.1`], [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ], { stdout: "null" });
    const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    using _close = { [Symbol.dispose]: () => socket.close() };
    const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
    const replies = new ReplyReceiver(socket, to);
    let ready = false; // the server is up once it answers
    for (let tries = 0; tries < 100 && !ready; tries++) {
      await socket.send(payload, to);
      ready = (await replies.receive(200)) !== null;
    }
    assert(ready, "the server never answered");
    // a bounded flood from another process, as fast as the socket takes it
    await using flood = new Spawned("python3", ["-c", FLOOD, String(port), "200000"]);
    await flood.waitForStdout("flooding\n");
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.kill("SIGTERM");
    const outcome = await server.outcome();
    assertEquals([outcome.code, outcome.stderr], [0, "UDP 服务器已关闭\n"], `run ${run}`);
  }
});
