import { readFull } from "./read_full.ts";
import { assertEquals } from "./_assert.ts";

function chunked(chunks: number[][]) {
  return {
    reads: 0,
    read(p: Uint8Array): Promise<number | null> {
      this.reads++;
      const next = chunks.shift();
      if (next === undefined) return Promise.resolve(null);
      p.set(next.slice(0, p.length));
      return Promise.resolve(Math.min(next.length, p.length));
    },
  };
}

Deno.test("readFull() fills the buffer across partial reads and stops when it is full", async () => {
  const reader = chunked([[1], [2, 3], [4, 5], [6]]);
  const buffer = new Uint8Array(5);
  assertEquals(await readFull(reader, buffer), 5);
  assertEquals(buffer, new Uint8Array([1, 2, 3, 4, 5]));
  assertEquals(reader.reads, 3);
});

Deno.test("readFull() returns the count so far when the stream ends first", async () => {
  const buffer = new Uint8Array(4);
  assertEquals(await readFull(chunked([[7, 8]]), buffer), 2);
  assertEquals(buffer, new Uint8Array([7, 8, 0, 0]));
  assertEquals(await readFull(chunked([]), new Uint8Array(3)), 0);
});

Deno.test("readFull() reads nothing into an empty buffer", async () => {
  const reader = chunked([[1]]);
  assertEquals(await readFull(reader, new Uint8Array(0)), 0);
  assertEquals(reader.reads, 0);
});
