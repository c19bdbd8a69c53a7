/**
 * Deno's `read(p)` over a Node stream. Chunks queue as Node hands them over
 * (no copy); the stream pauses while the queue holds {@linkcode HIGH_WATER}
 * bytes or more, so a slow reader pushes back on the sender as on Deno; a
 * read copies queued bytes once, straight into the caller's buffer, from as
 * many chunks as fit.
 *
 * @module
 */
import type { Readable } from "node:stream";
import { BadResource, Interrupted } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";

/** How many bytes may wait in this process before the stream is paused. */
const HIGH_WATER = 256 * 1024;

/** The queue of bytes read from one stream, its end and its first error. */
export class StreamReader {
  #stream: Readable;
  #waiting: (on: boolean) => void;
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #paused = false;
  #ended = false;
  #closed = false;
  #error: unknown = undefined;
  #wake: (() => void) | undefined;

  /** `waiting(true)` and `waiting(false)` bracket each read that has to wait. */
  constructor(stream: Readable, waiting: (on: boolean) => void = () => {}) {
    this.#stream = stream;
    this.#waiting = waiting;
    stream.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#queued += chunk.length;
      if (this.#queued >= HIGH_WATER) {
        this.#paused = true;
        stream.pause();
      }
      this.#wakeUp();
    });
    const end = () => {
      this.#ended = true;
      this.#wakeUp();
    };
    stream.on("end", end);
    stream.on("close", end);
    stream.on("error", (error) => {
      this.#error ??= fromNodeError(error);
      this.#wakeUp();
    });
  }

  /** The stream's first error, as the `Deno.errors` class Deno would throw. */
  get error(): unknown {
    return this.#error;
  }

  /** Makes a waiting read throw `Interrupted`, and every later one `BadResource`, as on Deno. */
  close(): void {
    this.#closed = true;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /**
   * Reads into `p`: bytes already queued first (even after an error, as the
   * kernel hands them out), then the error, then `null` at the end.
   */
  async read(p: Uint8Array): Promise<number | null> {
    while (true) {
      if (this.#closed) throw new BadResource("Bad resource ID");
      if (p.length === 0) return 0;
      if (this.#chunks.length > 0) return this.#take(p);
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
      this.#waiting(true);
      try {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#stream.resume(); // a socket accepted paused starts flowing at its first read
        });
      } finally {
        this.#waiting(false);
      }
      if (this.#closed) throw new Interrupted("operation canceled");
    }
  }

  #take(p: Uint8Array): number {
    let filled = 0;
    while (filled < p.length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0]!;
      const count = Math.min(chunk.length, p.length - filled);
      p.set(count === chunk.length ? chunk : chunk.subarray(0, count), filled);
      filled += count;
      if (count === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(count);
    }
    this.#queued -= filled;
    if (this.#paused && this.#queued < HIGH_WATER) {
      this.#paused = false;
      this.#stream.resume();
    }
    return filled;
  }
}
