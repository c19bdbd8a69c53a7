import { writeAll } from "./write_all.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("writeAll() keeps writing until every byte is out, in order", async () => {
  const chunks: number[][] = [];
  const writer = {
    write(p: Uint8Array) {
      const count = Math.min(2, p.length);
      chunks.push([...p.subarray(0, count)]);
      return Promise.resolve(count);
    },
  };
  await writeAll(writer, new Uint8Array([1, 2, 3, 4, 5]));
  assertEquals(chunks, [[1, 2], [3, 4], [5]]);
});

Deno.test("writeAll() of nothing writes nothing", async () => {
  let calls = 0;
  await writeAll({ write: () => Promise.resolve(++calls) }, new Uint8Array(0));
  assertEquals(calls, 0);
});
