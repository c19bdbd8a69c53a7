import { decodeUtf8, Utf8StreamDecoder } from "./utf8_stream_decoder.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("Utf8StreamDecoder decodes every split of a message to the same text", () => {
  const text = "a€你😀z";
  const bytes = new TextEncoder().encode(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    for (let cut2 = cut; cut2 <= bytes.length; cut2++) {
      const decoder = new Utf8StreamDecoder();
      const decoded = decoder.decode(bytes.subarray(0, cut)) +
        decoder.decode(bytes.subarray(cut, cut2)) +
        decoder.decode(bytes.subarray(cut2)) + decoder.flush();
      assertEquals(decoded, text, `cuts at ${cut} and ${cut2}`);
    }
  }
});

Deno.test("Utf8StreamDecoder never throws on bytes that are not UTF-8", () => {
  const decoder = new Utf8StreamDecoder();
  assertEquals(decoder.decode(new Uint8Array([0xff, 0xfe, 0x41])), "\ufffd\ufffdA");
  assertEquals(decoder.decode(new Uint8Array([0xe4, 0xbd])), "");
  assertEquals(decoder.flush(), "\ufffd");
});

Deno.test("decodeUtf8() keeps a leading BOM and replaces invalid bytes", () => {
  assertEquals(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), "\ufeffA");
  assertEquals(decodeUtf8(new Uint8Array([0x80])), "\ufffd");
});
