/**
 * Relays between a client and a server on loopback, for the comparison's
 * conditions: {@linkcode startRelay} runs the project's `relay` tool with
 * its shaping flags; {@linkcode relayHeadAlone} is the pacing behind the
 * file pair's `header-alone` condition, which hands the receiver the header
 * in a read of its own (what the tutorial assumes) and then the data.
 *
 * @module
 */
import { writeAll } from "../../lib/write_all.ts";
import { tool } from "../programs.ts";
import { freeTcpPort, freeUdpPort } from "./net.ts";
import { spawnDeno } from "./process.ts";

/** A relay listening on a free loopback port. */
export interface HeadRelay extends AsyncDisposable {
  /** The port to connect to instead of the target's. */
  port: number;
  /** Resolves when the connection has been relayed to its end (or failed). */
  done: Promise<void>;
}

/**
 * Starts a relay to `127.0.0.1:targetPort` for one connection: the first
 * `head` bytes go alone, the rest after `release()` resolves.
 */
export function relayHeadAlone(
  targetPort: number,
  head: number,
  release: () => Promise<void>,
): HeadRelay {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    using from = await listener.accept();
    listener.close();
    using to = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
    const buffer = new Uint8Array(64 * 1024);
    let sent = 0;
    let released = false;
    while (true) {
      const count = await from.read(buffer);
      if (count === null) break;
      let chunk = buffer.subarray(0, count);
      if (!released) {
        const first = chunk.subarray(0, head - sent);
        await writeAll(to, first);
        sent += first.length;
        chunk = chunk.subarray(first.length);
        if (sent === head) {
          await release();
          released = true;
        }
      }
      if (chunk.length > 0) await writeAll(to, chunk);
    }
    await to.closeWrite();
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    done,
    async [Symbol.asyncDispose]() {
      try {
        listener.close();
      } catch {
        // already closed after the one connection
      }
      await done;
    },
  };
}

/** A `relay` process (scripts/relay.ts) between a client and a server on loopback. */
export interface RelayProcess extends AsyncDisposable {
  /** The port the client connects (or sends) to instead of the server's. */
  port: number;
  /** Stops the relay and returns its `--trace` lines (stderr), once it has ended. */
  stop(): Promise<string>;
}

/**
 * Starts the project's `relay` tool, with the run line and permissions of
 * its entry in scripts/programs.ts, listening on a free loopback port and
 * forwarding to `127.0.0.1:to` with `shaping` (such as `["--slice",
 * "down:3"]`); `udp` forwards datagrams, `trace` adds `--trace`. Resolves
 * once the relay says it listens (`Relaying TCP from …`): no probe
 * connection goes through it, since the originals serve one client only.
 */
export async function startRelay(
  to: number,
  shaping: string[],
  { udp = false, trace = false }: { udp?: boolean; trace?: boolean } = {},
): Promise<RelayProcess> {
  const port = udp ? freeUdpPort() : freeTcpPort();
  const args = [
    "--listen",
    String(port),
    "--to",
    `127.0.0.1:${to}`,
    ...udp ? ["--udp"] : [],
    ...shaping,
    "--seed",
    "1",
    ...trace ? ["--trace"] : [],
  ];
  const info = tool("relay");
  const relay = spawnDeno(info.script, info.permissions, args, { timeoutMs: 120_000 });
  try {
    await relay.waitForStdout("Relaying "); // its first line, once it listens
  } catch (error) {
    await relay[Symbol.asyncDispose]();
    throw error;
  }
  let stopped: Promise<string> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      relay.kill("SIGINT"); // Ctrl+C, as a learner stops it
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise((resolve) => timer = setTimeout(resolve, 2_000));
      await Promise.race([relay.outcome().catch(() => {}), grace]);
      clearTimeout(timer);
      await relay[Symbol.asyncDispose]();
      return relay.stderr;
    })();
  return {
    port,
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}
