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
  asciiUpper,
  decodeUtf8,
  isMessageTooLong,
  LineInput,
  parseFlags,
  parseSeconds,
  print,
  pythonStrip,
  ReplyReceiver,
  runMain,
  setPrintLanguage,
  traced,
  withSocketErrors,
} from "../lib/mod.ts";
import { listenDatagram } from "../lib/_net.deno.ts";

const DEFAULT_TIMEOUT_SECONDS = 3;

const FLAGS = {
  usage: `Usage: udp_client [--host HOST] [--port PORT] [--timeout SECONDS]

UDP echo client: sends each line to the server as one datagram and prints the
echo. Type 'quit' (or end the input) to leave.

  --host HOST          server address (default 127.0.0.1; ::1 for IPv6)
  --port PORT          server port (default 8888)
  --timeout SECONDS    how long to wait for each reply before going on
                       with the next line (default ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help           show this help`,
  host: "127.0.0.1",
  port: 8888,
  options: { timeout: { type: "string" as const } },
  client: true,
};

const QUIT = "quit";
/** The original server's `recvfrom(1024)`: it echoes at most this many bytes of a line. */
const PYTHON_ECHO_LIMIT = 1024;

/** Runs the client with command-line `args`; resolves on `quit` or end of input. */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const timeout = typeof values.timeout === "string"
    ? parseSeconds(values.timeout, "timeout")
    : DEFAULT_TIMEOUT_SECONDS;
  const server = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;

  // 1. socket(AF_INET, SOCK_DGRAM): bound to any address, on a port the system picks
  const client = traced(
    await withSocketErrors(
      "open a UDP socket",
      () =>
        listenDatagram({
          transport: "udp",
          hostname: host.includes(":") ? "::" : "0.0.0.0",
          port: 0,
        }),
    ),
    trace, // --trace: a line per socket operation on stderr
  );
  try {
    // 2. server_addr
    const serverAddr: Deno.NetAddr = { transport: "udp", hostname: host, port };
    // design: replies wait at most `timeout`, keep any size whole, and come from the server only
    const replies = new ReplyReceiver(client, serverAddr);

    // 3. sendto()/recvfrom() loop
    const stdin = new LineInput(Deno.stdin, Deno.stdout);
    while (true) {
      const line = await stdin.input(">> ");
      if (line === null) break; // design: end of input ends the client (Python dies on EOFError)
      const msg = pythonStrip(line); // an empty line is sent as an empty datagram, as in Python
      if (decodeUtf8(msg) === QUIT) break;

      await replies.discardArrived(); // design: a reply that came too late is not this line's
      try {
        // sendto(): the line's bytes exactly as given
        await withSocketErrors(`send to ${server}`, () => client.send(msg, serverAddr));
      } catch (error) {
        if (!isMessageTooLong(error)) throw error;
        console.error(`Cannot send to ${server}: ${msg.length} bytes is too long for one datagram`);
        continue; // design: Python dies with OSError; the next line may fit
      }

      // design: the echo is msg.upper(), whole or cut at 1024 bytes by the original server;
      // a reply that is neither is a late one to an earlier line (Python pairs them by waiting)
      const echo = asciiUpper(msg);
      const isEcho = (reply: Uint8Array) => {
        const ok = sameBytes(reply, echo) ||
          (echo.length > PYTHON_ECHO_LIMIT &&
            sameBytes(reply, echo.subarray(0, PYTHON_ECHO_LIMIT)));
        if (!ok) {
          console.error(
            `Ignored a reply from ${server} that is not this line's echo (${reply.length} bytes, late?)`,
          );
        }
        return ok;
      };
      const data = await replies.receive(timeout * 1000, isEcho);
      if (data === null) {
        // design: where Python waits forever, one line on stderr, and on with the next line
        console.error(
          `Cannot get a reply from ${server}: none came within ${timeout} s (is the server running?)`,
        );
        continue;
      }
      print(`服务器回显: ${decodeUtf8(data)}`);
    }
  } finally {
    // 4. close()
    client.close();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

if (import.meta.main) await runMain(() => main(Deno.args));
