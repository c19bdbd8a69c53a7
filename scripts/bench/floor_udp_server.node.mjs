/**
 * The bare Node floor of the UDP echo rows: the tutorial's `udp_server.py`
 * written with nothing but Node's own `dgram`, doing the same work per
 * datagram as the port (receive, print the line, upper-case, send back) and
 * nothing else. Never shipped; the benchmark starts it, and ends it with
 * SIGTERM:
 *
 * ```sh
 * node scripts/bench/floor_udp_server.node.mjs PORT
 * ```
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createSocket } from "node:dgram";
import { writeSync, writevSync } from "node:fs";
import process from "node:process";

const newline = Buffer.from("\n");

// 1-2. socket(AF_INET, SOCK_DGRAM) + bind()
const socket = createSocket("udp4");
// 3. recvfrom()/sendto() loop; the line is printed as the bytes came (the driver sends UTF-8)
socket.on("message", (data, { address, port }) => {
  writevSync(1, [Buffer.from(`收到来自 ('${address}', ${port}) 的消息: `), data, newline]);
  for (let i = 0; i < data.length; i++) if (data[i] >= 0x61 && data[i] <= 0x7a) data[i] ^= 0x20;
  socket.send(data, port, address);
});
socket.bind(
  Number(process.argv[2]),
  "127.0.0.1",
  () => writeSync(1, "UDP 服务器已启动，等待消息...\n"),
);
