#!/usr/bin/env -S deno run --unstable-net --allow-net=0.0.0.0:0,127.0.0.1:8888
/**
 * UDP echo client: the Deno port of the tutorial's `udp_client.py`, step by
 * step. It sends each line typed (or piped) to the server as one datagram and
 * prints the echo; `quit` or end of input ends it. A reply that does not come
 * within `--timeout` seconds costs one line on stderr, and the client goes on
 * with the next line.
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:0,127.0.0.1:8888 udp/udp_client.ts
 * ```
 *
 * Permissions: `0.0.0.0:0` lets it open its socket on a port the system
 * picks (what Python's first `sendto()` does behind the scenes);
 * `127.0.0.1:8888` lets it send to the server. With `--host ::1` they are
 * `[::]:0,[::1]:8888`.
 *
 * @module
 */
import {
  decodeUtf8,
  DEFAULT_REPLY_TIMEOUT_SECONDS,
  LineInput,
  openUdpClient,
  parseFlags,
  parseReplyTimeout,
  pythonStrip,
  runMain,
} from "../lib/mod.ts";

/** Runs the client with command-line `args`; resolves on `quit` or end of input. */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, print } = parseFlags(args, FLAGS); // print(): --lang's
  const timeoutSeconds = parseReplyTimeout(values); // --timeout, 3 s by default

  // 1. 创建 UDP Socket (bound to any address, on a port the system picks)
  using client = await openUdpClient(host, { trace, timeoutSeconds });

  // 2. 定义服务器地址
  const serverAddr: Deno.NetAddr = { transport: "udp", hostname: host, port };

  // 3. 循环发送数据 (UDP 不需要 connect)
  const stdin = new LineInput(Deno.stdin, Deno.stdout);
  while (true) {
    const line = await stdin.input(">> ");
    if (line === null) break; // end of input ends the client, where Python dies on EOFError
    const msg = pythonStrip(line); // an empty line is sent as an empty datagram, as in Python
    if (decodeUtf8(msg) === "quit") break;

    // 直接向服务器地址发送数据 (a line too long for one datagram costs a line, where Python dies)
    await client.sendto(msg, serverAddr);

    // 接收回显数据: the echo only, whole, within --timeout, where Python waits forever for anything
    const data = await client.recvfrom(); // data only: a reply from anyone but the server is dropped
    if (data !== null) print(`服务器回显: ${decodeUtf8(data)}`);
  }

  client.close(); // `using` closes it on every other path
}

const FLAGS = {
  usage: `Usage: udp_client [--host HOST] [--port PORT] [--timeout SECONDS]

UDP echo client: sends each line to the server as one datagram and prints the
echo. Type 'quit' (or end the input) to leave.

  --host HOST          server address (default 127.0.0.1; ::1 for IPv6)
  --port PORT          server port (default 8888)
  --timeout SECONDS    how long to wait for each reply before going on
                       with the next line (default ${DEFAULT_REPLY_TIMEOUT_SECONDS})
  -h, --help           show this help`,
  host: "127.0.0.1",
  port: 8888,
  options: { timeout: { type: "string" as const } },
  client: true,
};

if (import.meta.main) await runMain(() => main(Deno.args));
