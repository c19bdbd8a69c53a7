import { pythonStrip } from "./python_strip.ts";
import { assertEquals } from "./_assert.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const strip = (text: string) => decoder.decode(pythonStrip(encoder.encode(text)));

Deno.test("pythonStrip() strips what Python's str.strip() strips", () => {
  // Every code point for which Python 3.11's str.isspace() is true.
  const pythonSpaces = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" +
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
    "\u2028\u2029\u202f\u205f\u3000";
  assertEquals(strip(`${pythonSpaces}a b${pythonSpaces}`), "a b");
  for (const space of pythonSpaces) assertEquals(strip(`${space}x${space}`), "x");
});

Deno.test("pythonStrip() keeps what Python keeps, unlike String.prototype.trim()", () => {
  assertEquals(strip("\ufeffquit\ufeff"), "\ufeffquit\ufeff");
  assertEquals(strip("\u200bzero\u200b"), "\u200bzero\u200b");
  assertEquals(strip("  你好，世界  "), "你好，世界");
  assertEquals(strip(" \t "), "");
  assertEquals(strip(""), "");
});

Deno.test("pythonStrip() keeps invalid UTF-8 bytes and strips around them", () => {
  const bytes = new Uint8Array([0x20, 0xff, 0x61, 0xe3, 0x80, 0x20, 0x0a]);
  assertEquals(pythonStrip(bytes), new Uint8Array([0xff, 0x61, 0xe3, 0x80]));
  // A lone continuation byte before a space, and a truncated U+3000 at the end.
  assertEquals(pythonStrip(new Uint8Array([0x80, 0x20])), new Uint8Array([0x80]));
  assertEquals(pythonStrip(new Uint8Array([0x78, 0xe3, 0x80])), new Uint8Array([0x78, 0xe3, 0x80]));
});

Deno.test("pythonStrip() does not take an overlong encoding for a space", () => {
  const overlongSpace = new Uint8Array([0xe0, 0x80, 0xa0]);
  assertEquals(pythonStrip(overlongSpace), overlongSpace);
});
