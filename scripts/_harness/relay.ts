/**
 * A one-connection TCP relay on loopback that delivers a stream's first
 * bytes alone: it forwards exactly `head` bytes, waits until told, then
 * forwards the rest. The comparison runs the two file-transfer originals
 * through it, so that the header reaches the original receiver in a read of
 * its own (what the tutorial assumes) every run instead of by timing.
 *
 * @module
 */
import { writeAll } from "../../lib/write_all.ts";

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
