/**
 * The `readable` and `writable` streams of a Deno resource (a connection or a
 * file), built over its `read()` and `write()`, closing it at their end as
 * Deno's do.
 *
 * @module
 */

/** A resource with Deno's read/write contract that closes on dispose. */
export interface StreamResource extends Disposable {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
}

const CHUNK_SIZE = 64 * 1024;

/** A stream of what `resource` reads; the resource closes when the stream ends or is cancelled. */
export function readableOf(resource: StreamResource): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull: async (controller) => {
      const buffer = new Uint8Array(CHUNK_SIZE);
      const count = await resource.read(buffer);
      if (count === null) {
        controller.close();
        resource[Symbol.dispose]();
      } else {
        controller.enqueue(buffer.subarray(0, count));
      }
    },
    cancel: () => resource[Symbol.dispose](),
  });
}

/** A stream that writes each chunk whole to `resource`; the resource closes when the stream does. */
export function writableOf(resource: StreamResource): WritableStream<Uint8Array> {
  return new WritableStream({
    write: async (chunk) => {
      for (let written = 0; written < chunk.length;) {
        written += await resource.write(chunk.subarray(written));
      }
    },
    close: () => resource[Symbol.dispose](),
    abort: () => resource[Symbol.dispose](),
  });
}
