import { decodeUtf8, Utf8StreamDecoder } from "./utf8_stream_decoder.ts";
import { assertEquals } from "./_assert.ts";
import fc from "fast-check";

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

/** Chunks of a stream: valid UTF-8 cut anywhere, and random bytes. */
const chunks = fc.array(
  fc.oneof(
    fc.string({ unit: "binary", maxLength: 8 }).map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 8 }),
    fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => b.map((x) => 0x80 | (x & 0x7f))),
  ),
  { maxLength: 12 },
).chain((list) =>
  fc.tuple(
    fc.constant(list),
    fc.array(fc.nat(), { minLength: list.length, maxLength: list.length }),
  )
).map(([list, cuts]) => {
  // re-cut the concatenation, so characters split across chunks
  const all = list.flatMap((chunk) => [...chunk]);
  const points = cuts.map((n) => (all.length === 0 ? 0 : n % (all.length + 1))).sort((a, b) =>
    a - b
  );
  return [0, ...points, all.length].slice(1).map((end, i, ends) =>
    Uint8Array.from(all.slice(i === 0 ? 0 : ends[i - 1], end))
  );
});

Deno.test("Utf8StreamDecoder.decodeToUtf8() gives the bytes of decode(), chunk by chunk", () => {
  fc.assert(
    fc.property(chunks, (list) => {
      const bytes = new Utf8StreamDecoder();
      const text = new Utf8StreamDecoder();
      for (const chunk of list) {
        assertEquals(bytes.decodeToUtf8(chunk), new TextEncoder().encode(text.decode(chunk)));
      }
      assertEquals(bytes.flush(), text.flush());
    }),
    { numRuns: 2000 },
  );
});
