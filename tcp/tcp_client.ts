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
  ByteReader,
  decodeUtf8,
  LineInput,
  parseFlags,
  print,
  pythonStrip,
  runMain,
  setPrintLanguage,
  traced,
  withSocketErrors,
  writeAll,
} from "../lib/mod.ts";
import { connect } from "../lib/_net.deno.ts";

const FLAGS = {
  usage: `Usage: tcp_client [--host HOST] [--port PORT]

TCP chat client: sends each line to the server and prints its reply.
Type 'quit' (or end the input) to leave.

  --host HOST  server address (default 127.0.0.1; ::1 for IPv6)
  --port PORT  server port (default 8080)
  -h, --help   show this help`,
  host: "127.0.0.1",
  port: 8080,
  client: true,
};

const QUIT = "quit";

/** Runs the client with command-line `args`; resolves on `quit` or end of input. */
export async function main(args: string[]): Promise<void> {
  const { host, port, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const server = `${host}:${port}`;

  // 1-2. socket() + connect(): connect() does both
  using client = traced(
    await withSocketErrors(`connect to ${server}`, () => connect({ hostname: host, port })),
    trace, // --trace: a line per socket operation on stderr
  );
  client.setNoDelay(true); // design: each message leaves at once
  print("已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。");

  // 3. send()/recv() loop
  const stdin = new LineInput(Deno.stdin, Deno.stdout);
  const reader = new ByteReader(client);
  while (true) {
    const line = await stdin.input(">> ");
    if (line === null) break; // design: end of input ends the chat (Python dies on EOFError)
    const msg = pythonStrip(line);
    if (msg.length === 0) continue;
    if (decodeUtf8(msg) === QUIT) break;

    // send the bytes exactly as typed: sendall(), where Python's send() may write part
    await withSocketErrors(`send to ${server}`, () => writeAll(client, msg));

    // design: the reply is exactly as long as msg (bytes.upper() keeps the length),
    // so read all of it; Python's single recv(1024) cuts long replies and misaligns the rest
    const data = await withSocketErrors(
      `read the reply from ${server}`,
      () => reader.readExact(msg.length),
    );
    print(`服务器响应: ${decodeUtf8(data)}`);
  }

  // 4. close(): `using` closes the connection when main() returns
}

if (import.meta.main) await runMain(() => main(Deno.args));
