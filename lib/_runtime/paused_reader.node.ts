/**
 * Deno's `read(p)` contract over a Node stream kept paused: bytes are taken
 * from the stream only as `read()` asks for them, so a slow reader pushes
 * back on the sender as it does on Deno.
 *
 * @module
 */
import type { Readable } from "node:stream";
import { fromNodeError } from "./node_errors.node.ts";

/** What the owner of the stream does around a read that has to wait. */
export interface WaitHooks {
  /** Throws if the resource was closed (checked before every attempt). */
  check?(): void;
  /** Lets more bytes flow: `stream.resume()`, and whatever keeps the process alive meanwhile. */
  resume(): void;
  /** Runs after the wait, such as letting the process exit again. */
  settled?(): void;
}

/** The queue of bytes read from one paused stream, its end and its first error. */
export class PausedReader {
  #chunks: Uint8Array[] = [];
  #ended = false;
  #error: unknown = undefined;
  #wake: (() => void) | undefined;

  constructor(stream: Readable) {
    stream.pause();
    stream.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      stream.pause(); // backpressure: take no more until read() asks
      this.wake();
    });
    const end = () => {
      this.#ended = true;
      this.wake();
    };
    stream.on("end", end);
    stream.on("close", end);
    stream.on("error", (error) => {
      this.#error ??= fromNodeError(error);
      this.wake();
    });
  }

  /** The stream's first error, as the `Deno.errors` class Deno would throw. */
  get error(): unknown {
    return this.#error;
  }

  /** Wakes a waiting `read()`, such as when the resource is closed under it. */
  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /**
   * Reads into `p`: bytes already queued first (even after an error, as the
   * kernel hands them out), then the error, then `null` at the end.
   */
  async read(p: Uint8Array, hooks: WaitHooks): Promise<number | null> {
    if (p.length === 0) return 0;
    while (true) {
      hooks.check?.();
      const chunk = this.#chunks[0];
      if (chunk !== undefined) {
        const count = Math.min(chunk.length, p.length);
        p.set(chunk.subarray(0, count));
        if (count === chunk.length) this.#chunks.shift();
        else this.#chunks[0] = chunk.subarray(count);
        return count;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
      try {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          hooks.resume();
        });
      } finally {
        hooks.settled?.();
      }
    }
  }
}
