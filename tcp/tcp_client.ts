#!/usr/bin/env -S deno run --allow-net=127.0.0.1:8080
/**
 * TCP chat client: the Deno port of the tutorial's `tcp_client.py`, step by
 * step. It sends each line typed (or piped) to the server and prints the
 * server's reply; `quit` or end of input ends it.
 *
 * ```sh
 * npx deno run --allow-net=127.0.0.1:8080 tcp/tcp_client.ts
 * ```
 *
 * @module
 */
import {
  connectEcho,
  decodeUtf8,
  DEFAULT_REPLY_TIMEOUT_SECONDS,
  LineInput,
  parseFlags,
  parseReplyTimeout,
  pythonStrip,
  runMain,
} from "../lib/mod.ts";

/** Runs the client with command-line `args`; resolves on `quit` or end of input. */
export async function main(args: string[]): Promise<void> {
  const { host, port, trace, values, print } = parseFlags(args, FLAGS); // print(): --lang's
  const timeoutSeconds = parseReplyTimeout(values); // --timeout, 3 s by default

  // 1-2. 创建 TCP Socket，连接服务器 (socket() + connect(): one call)
  // a server that closes the connection at once (full?) is named before the first prompt
  using client = await connectEcho(host, port, { trace, timeoutSeconds });
  print("已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。");

  // 3. 循环发送和接收消息
  const stdin = new LineInput(Deno.stdin, Deno.stdout);
  while (true) {
    const line = await stdin.input(">> ");
    if (line === null) break; // end of input ends the chat, where Python dies on EOFError
    const msg = pythonStrip(line);
    if (msg.length === 0) continue;
    if (decodeUtf8(msg) === "quit") break;

    // 发送消息，必须编码为 bytes (the bytes exactly as typed, all of them)
    await client.send(msg);

    // 接收服务器返回的消息: the whole echo within --timeout (Python's one recv(1024) cuts it, or hangs)
    const data = await client.recv();
    if (data !== null) print(`服务器响应: ${decodeUtf8(data)}`);
  }

  // 4. 关闭连接 (`using` closes it on every other path)
  client.close();
}

const FLAGS = {
  usage: `Usage: tcp_client [--host HOST] [--port PORT] [--timeout SECONDS]

TCP chat client: sends each line to the server and prints its reply.
Type 'quit' (or end the input) to leave.

  --host HOST          server address (default 127.0.0.1; ::1 for IPv6)
  --port PORT          server port (default 8080)
  --timeout SECONDS    how long to wait for each reply before going on
                       with the next line (default ${DEFAULT_REPLY_TIMEOUT_SECONDS})
  -h, --help           show this help`,
  host: "127.0.0.1",
  port: 8080,
  options: { timeout: { type: "string" as const } },
  client: true,
};

if (import.meta.main) await runMain(() => main(Deno.args));
