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
  asciiUpper,
  CliError,
  closeOnShutdown,
  formatPythonAddress,
  parseFlags,
  print,
  printUtf8Unblocked,
  receiveDatagrams,
  runMain,
  setPrintLanguage,
  traced,
  withSocketErrors,
} from "../lib/mod.ts";
import { listenDatagram } from "../lib/_net.deno.ts";

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

/** Runs the server with command-line `args`; resolves after Ctrl+C or SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { host, port, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English

  // 1-2. socket(AF_INET, SOCK_DGRAM) + bind(): listenDatagram() does both
  const server = traced(
    await withSocketErrors(
      `listen on ${host}:${port}`,
      () => listenDatagram({ transport: "udp", hostname: host, port }),
    ),
    trace, // --trace: a line per socket operation on stderr
  );
  // design: Ctrl+C or SIGTERM closes the socket, which ends the loop below (Python: a traceback)
  using shutdown = closeOnShutdown(server);
  print("UDP 服务器已启动，等待消息...");
  if (port === 0) console.error(`Listening on port ${(server.addr as Deno.NetAddr).port}`);

  // 3. recvfrom()/sendto() loop: whole datagrams up to 65,535 bytes, where recvfrom(1024) cuts them
  let stdoutBlocked = false;
  // one waiter on the signal for the whole loop: racing `shutdown.stopped` for each datagram
  // would leave a reaction per datagram on that pending promise, a leak that grows without end
  let wake = (_blocked: boolean) => {};
  shutdown.stopped.then(() => wake(true));
  for await (const [data, clientAddr] of receiveDatagrams(server)) {
    const addr = formatPythonAddress(clientAddr);
    // design: bytes that are not UTF-8 print as U+FFFD (Python: UnicodeDecodeError ends the server)
    // design: printed without blocking, so a signal stops the server even while stdout is full
    // (into a file, at once: a file never makes a write wait)
    const printing = printUtf8Unblocked(`收到来自 ${addr} 的消息: `, data);
    if (printing) {
      stdoutBlocked = await new Promise<boolean>((resolve, reject) => {
        wake = resolve;
        printing.then(() => resolve(false), reject);
      });
      if (stdoutBlocked) break;
    }

    try {
      await withSocketErrors(`reply to ${addr}`, () => server.send(asciiUpper(data), clientAddr));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      console.error(error.message); // design: one reply that cannot be sent never stops the server
    }
  }

  // design: a closing line on stderr (stdout stays the original's transcript), and exit code 0
  // (the original runs until it is killed)
  print("UDP 服务器已关闭", Deno.stderr);
  // a write still stuck on a full stdout would keep the process alive: end it now
  if (stdoutBlocked) Deno.exit(0);
}

if (import.meta.main) await runMain(() => main(Deno.args));
