import { concatBytes } from "./concat_bytes.ts";
import { assertEquals, assertNotEquals } from "./_assert.ts";

Deno.test("concatBytes() joins in order and always returns a new array", () => {
  const one = new Uint8Array([7, 8]);
  const joined = concatBytes([one]);
  assertEquals(joined, one);
  joined[0] = 0;
  assertNotEquals(one[0], 0);
  assertEquals(concatBytes([]), new Uint8Array(0));
  assertEquals(concatBytes([one, new Uint8Array([9]), one]), new Uint8Array([7, 8, 9, 7, 8]));
});
