#!/usr/bin/env -S deno run --allow-net=0.0.0.0:8080
/**
 * TCP echo server: the Deno port of the tutorial's `tcp_server.py`, step by
 * step. It serves one client, prints each message, and echoes it back with
 * ASCII letters uppercased (Python's `bytes.upper()`).
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:8080 tcp/tcp_server.ts
 * ```
 *
 * @module
 */
import {
  asciiUpper,
  ByteReader,
  formatPythonAddress,
  isDisconnect,
  parseFlags,
  print,
  printUtf8,
  runMain,
  traced,
  Utf8StreamDecoder,
  withSocketErrors,
  writeAll,
} from "../lib/mod.ts";
import { listen } from "../lib/_net.deno.ts";

const FLAGS = {
  usage: `Usage: tcp_server [--host HOST] [--port PORT]

TCP echo server: serves one client, echoing each message in upper case.

  --host HOST  address to listen on (default 0.0.0.0; :: for IPv6)
  --port PORT  port to listen on (default 8080)
  -h, --help   show this help`,
  host: "0.0.0.0",
  port: 8080,
};

/** Runs the server with command-line `args`; resolves when its one client leaves. */
export async function main(args: string[]): Promise<void> {
  const { host, port, trace } = parseFlags(args, FLAGS);

  // 1-3. socket() + bind() + listen(5): listen() does all three
  using server = traced(
    await withSocketErrors(`listen on ${host}:${port}`, () => listen({ hostname: host, port })),
    trace, // --trace: a line per socket operation on stderr
  );
  print("服务器已启动，等待客户端连接...");

  // 4. accept(): wait for one client; conn talks to it alone
  using conn = await server.accept();
  conn.setNoDelay(true); // design: echo at once, no Nagle stall behind a delayed ACK
  const addr = formatPythonAddress(conn.remoteAddr as Deno.NetAddr);
  print(`与 ${addr} 建立连接`);

  // 5. recv()/send() loop: 64 KiB reads where Python's recv(1024) chops long messages
  const reader = new ByteReader(conn);
  const text = new Utf8StreamDecoder(); // design: never crashes on bad UTF-8 or a split character
  while (true) {
    try {
      const data = await reader.read();
      if (data === null) break; // the client closed the connection
      printUtf8("收到消息: ", text.decodeToUtf8(data)); // print(f"收到消息: {data.decode('utf-8')}")
      await writeAll(conn, asciiUpper(data)); // sendall(), where Python's send() may write part
    } catch (error) {
      if (isDisconnect(error)) break; // the client reset the connection
      throw error;
    }
  }

  // 6. close(): `using` closes conn and server when main() returns
  print(`与 ${addr} 的连接已断开`);
}

if (import.meta.main) await runMain(() => main(Deno.args));
