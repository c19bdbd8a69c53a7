import { asciiUpper, asciiUpperInPlace } from "./ascii_upper.ts";
import { assertEquals } from "./_assert.ts";
import fc from "fast-check";

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

Deno.test("asciiUpper() treats every byte alike in every position of every word, at any offset", () => {
  const reference = (bytes: Uint8Array) => bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
  const all = Uint8Array.from({ length: 1031 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
  for (let offset = 0; offset < 5; offset++) {
    for (const length of [0, 1, 3, 4, 5, 8, 255, 256, 1024]) {
      const input = all.subarray(offset, offset + length);
      assertEquals(asciiUpper(input), reference(input));
    }
  }
});

Deno.test("asciiUpper() matches bytes.upper() on any bytes at any offset", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(3), (bytes, offset) => {
    const input = bytes.subarray(Math.min(offset, bytes.length));
    assertEquals(asciiUpper(input), input.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b)));
  }));
});

Deno.test("asciiUpperInPlace() uppercases the view itself, at any offset, and no byte around it", () => {
  const reference = (bytes: Uint8Array) => bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
  const all = Uint8Array.from({ length: 1100 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
  for (let offset = 0; offset < 5; offset++) {
    for (const length of [0, 1, 3, 63, 64, 65, 67, 255, 1024]) {
      const buffer = all.slice();
      const view = buffer.subarray(offset, offset + length);
      assertEquals(asciiUpperInPlace(view), view); // the same array, changed
      assertEquals(view, reference(all.subarray(offset, offset + length)));
      assertEquals(buffer.subarray(0, offset), all.subarray(0, offset));
      assertEquals(buffer.subarray(offset + length), all.subarray(offset + length));
    }
  }
});

Deno.test("asciiUpperInPlace() matches bytes.upper() on any bytes at any offset", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(3), (bytes, offset) => {
    const input = bytes.subarray(Math.min(offset, bytes.length));
    const expected = input.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
    assertEquals(asciiUpperInPlace(input), expected);
  }));
});
