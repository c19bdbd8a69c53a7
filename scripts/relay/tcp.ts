/**
 * The relay over TCP: each connection accepted is joined to a new connection
 * to `--to`, and each direction's bytes pass through its shaping: cut after
 * `--cut-after` bytes, gathered for `--coalesce` ms, held `--delay` ms, then
 * written in `--slice`-sized pieces, each given {@linkcode SLICE_PAUSE_MS} to
 * be read apart. Nagle is off on both connections, so every write leaves at
 * once, as its own segment.
 *
 * @module
 */
import { acceptEach } from "../../lib/accept_each.ts";
import { concatBytes } from "../../lib/concat_bytes.ts";
import { type Conn, connect, type Listener } from "../../lib/_net.deno.ts";
import { explainSocketError } from "../../lib/socket_errors.ts";
import { writeAll } from "../../lib/write_all.ts";
import type { RelayOptions, Shaping } from "./flags.ts";
import { addressOf, type Log, pieceDetail } from "./log.ts";
import { Queue, sleepUntil } from "./timing.ts";

/**
 * How long the relay waits after each `--slice` piece before the next: time
 * for the peer, blocked in `recv()`, to wake and take the piece on its own.
 */
export const SLICE_PAUSE_MS = 10;

/** Relays every connection `listener` accepts until `signal` aborts. */
export async function relayTcp(
  listener: Listener,
  options: RelayOptions,
  log: Log,
  signal: AbortSignal,
): Promise<void> {
  const connections = new Set<Promise<void>>();
  // one listener on `signal` stops every connection: a listener per connection would pile up
  const stops = new Set<AbortController>();
  const stop = () => {
    listener.close();
    for (const each of stops) each.abort();
  };
  signal.addEventListener("abort", stop, { once: true });
  try {
    // acceptEach: a client reset while queued is dropped quietly; descriptors running out cost
    // one line and a retry; the loop ends when the listener closes
    const failed = (error: unknown) =>
      console.error(`Cannot accept a client: ${explainSocketError(error) ?? error} (trying again)`);
    for await (const client of acceptEach(listener, failed)) {
      const own = new AbortController();
      if (signal.aborted) own.abort();
      stops.add(own);
      const done = relayConnection(client, options, log, own.signal);
      connections.add(done);
      done.finally(() => {
        connections.delete(done);
        stops.delete(own);
      });
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  await Promise.all(connections);
}

/** Joins one client to a new connection to the server, until both ends are done. */
async function relayConnection(
  client: Conn,
  options: RelayOptions,
  log: Log,
  signal: AbortSignal,
): Promise<void> {
  const clientName = addressOf(client.remoteAddr);
  const serverName = addressOf(options.to);
  log("accept", 0, clientName);
  let server: Conn;
  try {
    server = await connect(options.to);
  } catch (error) {
    client.close();
    log("close", 0, clientName);
    console.error(`Cannot connect to ${serverName}: ${explainSocketError(error) ?? error}`);
    return;
  }
  log("connect", 0, serverName);
  client.setNoDelay(true);
  server.setNoDelay(true);
  let closed = false;
  const closeBoth = () => {
    if (closed) return;
    closed = true;
    for (const [conn, name] of [[client, clientName], [server, serverName]] as const) {
      try {
        conn.close();
      } catch {
        // already closed
      }
      log("close", 0, name);
    }
  };
  signal.addEventListener("abort", closeBoth, { once: true });
  const up = { from: client, to: server, fromName: clientName, toName: serverName };
  const down = { from: server, to: client, fromName: serverName, toName: clientName };
  await Promise.all([
    pump(up, options.up, log, closeBoth, signal),
    pump(down, options.down, log, closeBoth, signal),
  ]);
  closeBoth();
  signal.removeEventListener("abort", closeBoth);
}

/** One direction of a connection. */
interface Way {
  from: Conn;
  to: Conn;
  fromName: string;
  toName: string;
}

/**
 * Forwards one direction, shaped, until its end: then half-closes the other
 * side (the peer reads the end, as it would without the relay). A cut, a
 * reset or a failed write closes both connections (`fail`).
 */
async function pump(
  way: Way,
  shape: Shaping,
  log: Log,
  fail: () => void,
  signal: AbortSignal,
): Promise<void> {
  const queue = new Queue<{ bytes: Uint8Array; at: number }>();
  const reading = (async (): Promise<"end" | "cut" | "error"> => {
    let budget = shape.cutAfter ?? Infinity;
    const buffer = new Uint8Array(64 * 1024);
    try {
      while (budget > 0) {
        const count = await way.from.read(buffer);
        const bytes = buffer.slice(0, count ?? 0);
        log("recv", bytes.length, pieceDetail(bytes, "from", way.fromName));
        if (count === null) return "end";
        const kept = bytes.subarray(0, Math.min(bytes.length, budget));
        budget -= kept.length;
        queue.push({ bytes: kept, at: performance.now() });
      }
      return "cut";
    } catch {
      return "error";
    } finally {
      queue.end();
    }
  })();
  let written = true;
  let lastWrite = -Infinity;
  try {
    for (let item = await queue.next(); item !== undefined; item = await queue.next()) {
      let bytes = item.bytes;
      if (shape.coalesce !== undefined) {
        await sleepUntil(item.at + shape.coalesce, signal);
        bytes = concatBytes([bytes, ...queue.takeAll().map((later) => later.bytes)]);
      }
      if (shape.delay !== undefined) await sleepUntil(item.at + shape.delay, signal);
      const size = shape.slice ?? Math.max(bytes.length, 1);
      for (let start = 0; start < bytes.length; start += size) {
        if (shape.slice !== undefined) await sleepUntil(lastWrite + SLICE_PAUSE_MS, signal);
        if (signal.aborted) return;
        const piece = bytes.subarray(start, start + size);
        await writeAll(way.to, piece);
        lastWrite = performance.now();
        log("send", piece.length, pieceDetail(piece, "to", way.toName));
      }
    }
  } catch {
    written = false;
    fail(); // the reader, still waiting, ends too
  }
  const read = await reading;
  if (!written || read !== "end") return fail();
  await way.to.closeWrite().catch(() => {});
}
