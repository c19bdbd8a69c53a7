import { rewriteFileStart } from "./rewrite_file_start.ts";
import { assertEquals } from "./_assert.ts";

async function rewritten(content: Uint8Array, remove: number, insert: Uint8Array) {
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeFile(path, content);
    using file = await Deno.open(path, { read: true, write: true });
    const length = await rewriteFileStart(file, content.length, { remove, insert });
    const result = await Deno.readFile(path);
    assertEquals(length, result.length);
    return result;
  } finally {
    await Deno.remove(path);
  }
}

const body = Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31) % 251);

Deno.test("rewriteFileStart() grows the start of a file larger than its chunk", async () => {
  const insert = new TextEncoder().encode("0123456789");
  const result = await rewritten(body, 3, insert);
  assertEquals(result.subarray(0, 10), insert);
  assertEquals(result.subarray(10), body.subarray(3));
});

Deno.test("rewriteFileStart() shrinks the start of a file larger than its chunk", async () => {
  const insert = new TextEncoder().encode("9");
  const result = await rewritten(body, 19, insert);
  assertEquals(result.length, body.length - 18);
  assertEquals(result.subarray(0, 1), insert);
  assertEquals(result.subarray(1), body.subarray(19));
});

Deno.test("rewriteFileStart() handles empty files, empty inserts and same-size swaps", async () => {
  const abc = new TextEncoder().encode("abc");
  assertEquals(await rewritten(new Uint8Array(0), 0, abc), abc);
  assertEquals(await rewritten(abc, 3, new Uint8Array(0)), new Uint8Array(0));
  assertEquals(await rewritten(abc, 1, new Uint8Array([0x78])), new TextEncoder().encode("xbc"));
});
