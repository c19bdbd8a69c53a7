#!/usr/bin/env -S deno run --allow-net=0.0.0.0:8080
/**
 * TCP echo server: the Deno port of the tutorial's `tcp_server.py`, step by
 * step. It serves one client, prints each message, and echoes it back with
 * ASCII letters uppercased (Python's `bytes.upper()`).
 *
 * With `-k` (`--keep-open`, named after ncat's flag) it serves clients until
 * Ctrl+C or SIGTERM, many at once, each with its own echo and its own connect
 * and disconnect lines; `--max-conns`, `--max-per-host` and `--idle-timeout`
 * bound them.
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:8080 tcp/tcp_server.ts
 * ```
 *
 * @module
 */
import {
  asciiUpperInPlace,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_MAX_CONNS,
  DEFAULT_MAX_PER_HOST,
  formatPythonAddress,
  isConnectionEnd,
  KEEP_OPEN_OPTIONS,
  listenTcp,
  parseFlags,
  parseIdleTimeout,
  parseKeepOpen,
  type Printer,
  receiveChunks,
  runMain,
  serveClients,
  Utf8StreamDecoder,
  writeAll,
} from "../lib/mod.ts";
import type { Conn } from "../lib/_net.deno.ts";

const FLAGS = {
  usage: `Usage: tcp_server [--host HOST] [--port PORT]
       tcp_server -k [--max-conns N] [--max-per-host N] [--idle-timeout SECONDS]

TCP echo server: serves one client, echoing each message in upper case.

  --host HOST             address to listen on (default 0.0.0.0; :: for IPv6)
  --port PORT             port to listen on (default 8080)
  -k, --keep-open         serve client after client, many at once, until Ctrl+C or SIGTERM
  --max-conns N           with -k, serve at most N at once; a client beyond them is
                          turned away at once: its connection is closed (default ${DEFAULT_MAX_CONNS})
  --max-per-host N        with -k, at most N of them from one address, so that one
                          address cannot take every slot (default ${DEFAULT_MAX_PER_HOST})
  --idle-timeout SECONDS  drop a client that sends and takes nothing for SECONDS
                          (default: ${DEFAULT_IDLE_TIMEOUT_SECONDS} with -k, none without)
  -h, --help              show this help`,
  host: "0.0.0.0",
  port: 8080,
  options: {
    ...KEEP_OPEN_OPTIONS,
    "idle-timeout": { type: "string" as const },
  },
};

/** Runs the server with command-line `args`; resolves when its one client leaves (with -k: on Ctrl+C or SIGTERM). */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, print } = parseFlags(args, FLAGS); // print(): --lang's
  const policy = parseKeepOpen(values); // -k, --max-conns, --max-per-host
  const idleSeconds = parseIdleTimeout(values, policy.keepOpen);

  // 1-3. 创建 TCP Socket, 绑定 IP 和端口, 开启监听: listen() does all three (backlog 511, not 5)
  using server = await listenTcp(host, port, trace); // --trace: each socket call on stderr
  print("服务器已启动，等待客户端连接...");

  // 4. 接受客户端连接: one client, or with -k many at once (the policy: lib/serve_clients.ts)
  await serveClients(server, policy, (conn) => echo(conn, print, idleSeconds));
}

/** Steps 5-6 for one client: its echo loop and its lines; the policy closes `conn` afterwards. */
async function echo(conn: Conn, print: Printer, idleSeconds?: number): Promise<void> {
  conn.setNoDelay(true); // echo at once, no Nagle stall behind a delayed ACK
  const addr = formatPythonAddress(conn.remoteAddr);
  await print.unblocked(`与 ${addr} 建立连接`); // unblocked: a full stdout never holds a signal

  // 5. 循环收发数据: 64 KiB reads where Python's recv(1024) chops long messages
  const decoder = new Utf8StreamDecoder(); // never crashes on bad UTF-8 or a split character
  try {
    for await (const data of receiveChunks(conn, idleSeconds)) {
      await print.utf8Unblocked("收到消息: ", decoder.decodeToUtf8(data));
      await writeAll(conn, asciiUpperInPlace(data)); // sendall(), where send() may write part
    }
  } catch (error) {
    if (!isConnectionEnd(error)) throw error; // 客户端强制断开连接
  }
  const cut = decoder.flush(); // a character cut off by the end prints as U+FFFD
  if (cut !== "") await print.unblocked(`收到消息: ${cut}`);

  // 6. 关闭连接: serveClients closes conn once echo() returns; `using` closes server
  await print.unblocked(`与 ${addr} 的连接已断开`);
}

if (import.meta.main) await runMain(() => main(Deno.args));
