/**
 * fast-check properties over random inputs and random chunk splits for the
 * helpers every byte from the network goes through: the upper-casing echo,
 * the UTF-8 stream decoder, the byte reader and the file header decoder.
 * (lib/file_header_test.ts holds the header decoder's rule-by-rule
 * properties; here it only meets bytes that follow no rule at all.)
 */
import fc from "fast-check";
import { asciiUpper } from "../lib/ascii_upper.ts";
import { ByteReader, UnexpectedEofError } from "../lib/byte_reader.ts";
import { concatBytes } from "../lib/concat_bytes.ts";
import { FileHeaderDecoder, FileHeaderError, SEPARATOR } from "../lib/file_header.ts";
import { baseName, fileNameProblem } from "../lib/safe_file_name.ts";
import { decodeUtf8, Utf8StreamDecoder } from "../lib/utf8_stream_decoder.ts";
import { assert, assertEquals } from "../lib/_assert.ts";

const anyBytes = fc.uint8Array({ maxLength: 2048 });
const offsets = fc.array(fc.nat(), { maxLength: 12 });

/** Cuts `bytes` at the given offsets (wrapped into range, sorted, deduplicated). */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((end, i, all) => bytes.slice(i === 0 ? 0 : all[i - 1], end));
}

Deno.test("asciiUpper() is Python's bytes.upper() on any bytes", () => {
  fc.assert(fc.property(anyBytes, (bytes) => {
    const upper = asciiUpper(bytes);
    assertEquals(upper.length, bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      assertEquals(upper[i], b >= 0x61 && b <= 0x7a ? b - 32 : b);
    }
    assertEquals(asciiUpper(upper), upper); // upper-casing twice changes nothing more
  }));
});

Deno.test("asciiUpper() of any text upper-cases a-z only, so the text survives the echo", () => {
  fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
    const echoed = new TextDecoder().decode(asciiUpper(new TextEncoder().encode(text)));
    assertEquals(echoed, text.replace(/[a-z]/g, (c) => c.toUpperCase()));
  }));
});

Deno.test("Utf8StreamDecoder gives the same text over any split of any bytes as one decode", () => {
  fc.assert(fc.property(anyBytes, offsets, (bytes, at) => {
    const decoder = new Utf8StreamDecoder();
    const streamed = cut(bytes, at).map((piece) => decoder.decode(piece)).join("") +
      decoder.flush();
    assertEquals(streamed, decodeUtf8(bytes));
  }));
});

Deno.test("Utf8StreamDecoder returns any text exactly, however its bytes are split", () => {
  fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), offsets, (text, at) => {
    const decoder = new Utf8StreamDecoder();
    const pieces = cut(new TextEncoder().encode(text), at);
    assertEquals(pieces.map((piece) => decoder.decode(piece)).join("") + decoder.flush(), text);
  }));
});

/** A reader that hands out `bytes` in the given pieces, however large the caller's buffer. */
function pieceReader(pieces: Uint8Array[]) {
  const queue = pieces.filter((piece) => piece.length > 0);
  return {
    read(p: Uint8Array): Promise<number | null> {
      const piece = queue.shift();
      if (piece === undefined) return Promise.resolve(null);
      const count = Math.min(p.length, piece.length);
      p.set(piece.subarray(0, count));
      if (count < piece.length) queue.unshift(piece.subarray(count));
      return Promise.resolve(count);
    },
  };
}

Deno.test("ByteReader.read() loses and invents nothing over any split, never above its cap", async () => {
  await fc.assert(
    fc.asyncProperty(
      anyBytes,
      offsets,
      fc.integer({ min: 1, max: 300 }),
      async (bytes, at, cap) => {
        const reader = new ByteReader(pieceReader(cut(bytes, at)), 256);
        const got: Uint8Array[] = [];
        for (let data = await reader.read(cap); data !== null; data = await reader.read(cap)) {
          assert(data.length > 0 && data.length <= Math.min(cap, 256));
          got.push(data.slice());
        }
        assertEquals(concatBytes(got), bytes);
      },
    ),
  );
});

Deno.test("ByteReader.readExact() reassembles any split, and an early end says what arrived", async () => {
  await fc.assert(
    fc.asyncProperty(
      anyBytes,
      offsets,
      fc.array(fc.integer({ min: 1, max: 700 })),
      async (bytes, at, asks) => {
        const reader = new ByteReader(pieceReader(cut(bytes, at)));
        let position = 0;
        for (const length of asks) {
          if (position + length <= bytes.length) {
            assertEquals(await reader.readExact(length), bytes.slice(position, position + length));
            position += length;
          } else {
            const error = await reader.readExact(length).catch((e) => e);
            assert(error instanceof UnexpectedEofError);
            return;
          }
        }
      },
    ),
  );
});

/** Bytes that look a little like a header: names, separators (whole or cut), digits, junk. */
const headerish = fc.array(
  fc.oneof(
    fc.constant(new TextEncoder().encode(SEPARATOR)),
    fc.constant(new TextEncoder().encode("<SEPAR")),
    fc.stringMatching(/^[0-9]{0,25}$/).map((s) => new TextEncoder().encode(s)),
    fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ maxLength: 64 }),
  ),
  { maxLength: 8 },
).map(concatBytes);

/** A header that is right, or off by a little: a size one or two away, a slash in the name. */
const nearlyValid = fc.tuple(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 2 })),
).map(([name, data, delta]) =>
  concatBytes([
    new TextEncoder().encode(`${name}${SEPARATOR}${Math.max(0, data.length + delta)}`),
    data,
  ])
);

Deno.test("FileHeaderDecoder meets any bytes, any split, with data or one FileHeaderError, never another error", () => {
  const seen = { decoded: 0, refused: 0 };
  fc.assert(
    fc.property(fc.oneof(headerish, nearlyValid), offsets, fc.nat(), (stream, at, maxSize) => {
      const decoder = new FileHeaderDecoder({
        maxSize,
        checkName: (name) => name.includes("/") ? "the name has a slash" : undefined,
      });
      let out = 0;
      try {
        for (const piece of cut(stream, at)) {
          for (const chunk of decoder.push(piece)) out += chunk.length;
        }
        const header = decoder.end();
        assert(!header.name.includes("/"));
        assert(header.size <= maxSize);
        const corrected = out - (header.correction?.remove ?? 0) +
          (header.correction?.insert.length ?? 0);
        assertEquals(corrected, header.size); // exactly SIZE bytes of data, never more
        seen.decoded++;
      } catch (error) {
        if (!(error instanceof FileHeaderError)) throw error;
        seen.refused++;
      }
    }),
    { numRuns: 2000 },
  );
  assert(seen.decoded > 20 && seen.refused > 20, JSON.stringify(seen)); // both paths were fuzzed
});

Deno.test("baseName() is os.path.basename() on any name: \\ separates only on Windows; a safe name is its own", () => {
  const pathText = fc.string({
    unit: fc.constantFrom("a", "/", "\\", ".", " ", "é"),
    maxLength: 12,
  });
  fc.assert(
    fc.property(pathText, fc.constantFrom("posix" as const, "windows" as const), (name, os) => {
      const base = baseName(name, os);
      assert(name.endsWith(base));
      assert(!base.includes("/"));
      assertEquals(
        base.includes("\\"),
        os === "posix" && name.slice(name.lastIndexOf("/") + 1).includes("\\"),
      );
      if (fileNameProblem(name, os) === undefined) assertEquals(base, name);
    }),
  );
});

// (POSIX only: ntpath also strips drives and UNC shares, "C:x" and "//host/x", beyond this rule)
Deno.test("baseName() on POSIX gives what Python's posixpath.basename() gives", async () => {
  const names = fc.sample(
    fc.string({ unit: fc.constantFrom("a", "/", "\\", ".", " "), maxLength: 10 }),
    { numRuns: 300, seed: 19 },
  );
  const script = "import json, sys, posixpath\n" +
    "names = json.load(sys.stdin)\n" +
    "print(json.dumps([posixpath.basename(n) for n in names]))";
  const python = new Deno.Command("python3", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
  })
    .spawn();
  const writer = python.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(names)));
  await writer.close();
  const expected = JSON.parse(new TextDecoder().decode((await python.output()).stdout));
  assertEquals(names.map((name) => baseName(name, "posix")), expected);
});
