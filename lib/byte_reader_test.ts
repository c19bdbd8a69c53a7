import { ByteReader, type Reader, UnexpectedEofError } from "./byte_reader.ts";
import { assert, assertEquals, assertRejects } from "./_assert.ts";

/** A source that hands out the given pieces, one per read, cut to fit. */
function piecewise(...pieces: number[][]): Reader & { reads: number } {
  const queue = pieces.map((piece) => Uint8Array.from(piece));
  return {
    reads: 0,
    read(p) {
      this.reads++;
      const piece = queue.shift();
      if (piece === undefined) return Promise.resolve(null);
      const count = Math.min(piece.length, p.length);
      p.set(piece.subarray(0, count));
      if (count < piece.length) queue.unshift(piece.subarray(count));
      return Promise.resolve(count);
    },
  };
}

Deno.test("ByteReader.read() returns one read's worth, capped like recv(n)", async () => {
  const reader = new ByteReader(piecewise([1, 2, 3, 4], [5]));
  assertEquals(await reader.read(3), new Uint8Array([1, 2, 3]));
  assertEquals(await reader.read(), new Uint8Array([4]));
  assertEquals(await reader.read(), new Uint8Array([5]));
  assertEquals(await reader.read(), null);
});

Deno.test("ByteReader.read() never returns more than the read size", async () => {
  const reader = new ByteReader(piecewise(new Array(10).fill(7)), 4);
  assertEquals((await reader.read(100))?.length, 4);
});

Deno.test("ByteReader.readExact() gathers many partial reads", async () => {
  const source = piecewise([1], [2, 3], [4, 5, 6], [7]);
  const reader = new ByteReader(source);
  assertEquals(await reader.readExact(6), new Uint8Array([1, 2, 3, 4, 5, 6]));
  assertEquals(source.reads, 3);
  assertEquals(await reader.readExact(1), new Uint8Array([7]));
  assertEquals(await reader.readExact(0), new Uint8Array(0));
});

Deno.test("ByteReader.readExact() throws UnexpectedEofError with what arrived", async () => {
  const reader = new ByteReader(piecewise([9], [8]));
  await assertRejects(() => reader.readExact(3), (error: unknown) => {
    assert(error instanceof UnexpectedEofError);
    assertEquals(error.partial, new Uint8Array([9, 8]));
    assertEquals(error.expected, 3);
    assertEquals(error.message, "Stream ended after 2 of 3 bytes");
    return true;
  });
});
