/**
 * The bare Deno floor of the UDP echo rows: the tutorial's `udp_server.py`
 * written with nothing but the runtime, doing the same work per datagram as
 * the port (receive, print the line, upper-case, send back) and nothing
 * else. Never shipped; the benchmark starts it, and ends it with SIGTERM:
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 scripts/bench/floor_udp_server.deno.ts PORT
 * ```
 *
 * @module
 */
const encoder = new TextEncoder();

// 1-2. socket(AF_INET, SOCK_DGRAM) + bind()
const socket = Deno.listenDatagram({
  transport: "udp",
  hostname: "127.0.0.1",
  port: Number(Deno.args[0]),
});
Deno.stdout.writeSync(encoder.encode("UDP 服务器已启动，等待消息...\n"));
// 3. recvfrom()/sendto() loop; the line is printed as the bytes came (the driver sends UTF-8)
const buffer = new Uint8Array(65536); // one buffer: receive() without one allocates 64 KiB each time
const line = new Uint8Array(256 + buffer.length);
while (true) {
  const [data, addr] = await socket.receive(buffer);
  const { hostname, port } = addr as Deno.NetAddr;
  const { written } = encoder.encodeInto(`收到来自 ('${hostname}', ${port}) 的消息: `, line);
  line.set(data, written);
  line[written + data.length] = 0x0a;
  Deno.stdout.writeSync(line.subarray(0, written + data.length + 1));
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x61 && data[i]! <= 0x7a) data[i]! ^= 0x20;
  await socket.send(data, addr);
}
