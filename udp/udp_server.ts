#!/usr/bin/env -S deno run --unstable-net --allow-net=0.0.0.0:8888,127.0.0.1
/**
 * UDP echo server: the Deno port of the tutorial's `udp_server.py`, step by
 * step. It prints each datagram and sends it back to its sender with ASCII
 * letters uppercased (Python's `bytes.upper()`); Ctrl+C or SIGTERM ends it.
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:8888,127.0.0.1 udp/udp_server.ts
 * ```
 *
 * Permissions: `0.0.0.0:8888` lets it bind; `127.0.0.1` (any port) lets it
 * reply to clients on this machine, since every client writes from a port of
 * its own. To answer clients on other machines, grant `--allow-net`; a reply
 * the permissions refuse costs one line on stderr, and the server goes on.
 *
 * @module
 */
import {
  asciiUpperInPlace,
  formatPythonAddress,
  openDatagramServer,
  parseFlags,
  runMain,
} from "../lib/mod.ts";

/** Runs the server with command-line `args`; resolves after Ctrl+C or SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { host, port, trace, print } = parseFlags(args, FLAGS); // print(): --lang's

  // 1-2. 创建 UDP Socket，绑定 IP 和端口 (socket() + bind(): one call)
  // Ctrl+C or SIGTERM closes it and ends the loop below, where Python ends in a traceback
  using server = await openDatagramServer(host, port, { trace, print });
  print("UDP 服务器已启动，等待消息...");

  // 3. 循环接收和发送数据 (UDP不需要 listen 和 accept)
  // 接收数据，同时获取客户端的地址: whole datagrams, where recvfrom(1024) cuts them
  for await (const [data, clientAddr] of server) {
    // bytes that are not UTF-8 print as U+FFFD, where Python's decode() ends the server
    server.print(`收到来自 ${formatPythonAddress(clientAddr)} 的消息: `, data);
    // 将收到的数据转为大写，然后发送回原地址
    await server.send(asciiUpperInPlace(data), clientAddr);
  }
}

const FLAGS = {
  usage: `Usage: udp_server [--host HOST] [--port PORT]

UDP echo server: echoes each datagram to its sender in upper case.
Ctrl+C (or SIGTERM) stops it.

  --host HOST  address to listen on (default 0.0.0.0; :: for IPv6)
  --port PORT  port to listen on (default 8888)
  -h, --help   show this help`,
  host: "0.0.0.0",
  port: 8888,
};

if (import.meta.main) await runMain(() => main(Deno.args));
