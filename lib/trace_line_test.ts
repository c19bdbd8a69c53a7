import { previewBytes } from "./trace_line.ts";
import { assertEquals } from "./_assert.ts";

const encoder = new TextEncoder();

Deno.test("previewBytes() shows the separator however far into the header it is", () => {
  const name = "a-rather-long-file-name.pdf";
  const preview = previewBytes(encoder.encode(`${name}<SEPARATOR>45000This is a test`));
  assertEquals(preview, `"${name}<SEPARATOR>45000Thi"…`);
  assertEquals(previewBytes(new Uint8Array([0, 0x7f, 0x22, 0x5c])), '"\\x00\\x7f\\"\\\\"');
  assertEquals(previewBytes(new Uint8Array(0)), '""');
});

Deno.test("previewBytes() shows UTF-8 text as text, and a character cut by the read as its bytes", () => {
  const line = encoder.encode("你好，世界\n");
  assertEquals(previewBytes(line), '"你好，世界\\n"');
  assertEquals(previewBytes(line.subarray(0, 5)), '"你\\xe5\\xa5"');
  assertEquals(previewBytes(line.subarray(5)), '"\\xbd，世界\\n"');
  // a character the preview's limit would cut is shown whole
  assertEquals(previewBytes(encoder.encode("a".repeat(23) + "你好")), `"${"a".repeat(23)}你"…`);
  // not UTF-8: overlong, surrogate, past U+10FFFF, a lone continuation byte
  assertEquals(
    previewBytes(new Uint8Array([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0x80])),
    '"\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\x80"',
  );
  // controls, format and separator characters show as bytes: C1 NEL, a bidi override, U+2028
  assertEquals(
    previewBytes(encoder.encode("\u0085\u202e\u2028é")),
    '"\\xc2\\x85\\xe2\\x80\\xae\\xe2\\x80\\xa8é"',
  );
});
