import { asciiUpper } from "./ascii_upper.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("asciiUpper() changes only a-z, like Python's bytes.upper()", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const expected = all.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
  assertEquals(asciiUpper(all), expected);
});

Deno.test("asciiUpper() keeps the length and never touches multi-byte UTF-8", () => {
  const text = "ß ǆ ﬁ straße Ωmega ａｂｃ"; // str.upper() would change all of these
  const bytes = new TextEncoder().encode(text);
  const upper = asciiUpper(bytes);
  assertEquals(upper.length, bytes.length);
  assertEquals(new TextDecoder().decode(upper), "ß ǆ ﬁ STRAßE ΩMEGA ａｂｃ");
});

Deno.test("asciiUpper() returns a new array and leaves its input alone", () => {
  const input = new Uint8Array([0x61]);
  const output = asciiUpper(input);
  assertEquals(input, new Uint8Array([0x61]));
  assertEquals(output, new Uint8Array([0x41]));
  assertEquals(asciiUpper(new Uint8Array(0)), new Uint8Array(0));
});
