import fc from "fast-check";
import {
  encodeFileHeader,
  type FileHeader,
  FileHeaderDecoder,
  FileHeaderError,
  SEPARATOR,
} from "./file_header.ts";
import { assert, assertEquals, assertThrows } from "./_assert.ts";
import { concatBytes } from "./concat_bytes.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** Cuts `stream` at the given offsets (sorted, deduplicated, within bounds). */
function cut(stream: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (stream.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    pieces.push(stream.slice(start, point));
    start = point;
  }
  return pieces;
}

type Decoded = { header: FileHeader; data: Uint8Array; rewrites?: true } | { error: string };

/** Feeds the pieces one read at a time; applies the end's correction as a receiver would. */
function decode(pieces: Uint8Array[], maxSize?: number): Decoded {
  const decoder = new FileHeaderDecoder({ maxSize });
  const out: Uint8Array[] = [];
  try {
    for (const piece of pieces) {
      for (const chunk of decoder.push(piece)) out.push(chunk.slice());
    }
    const header = decoder.end();
    let data = concatBytes(out);
    if (header.correction === undefined) return { header, data };
    // a correction rewrites what was written only if something was
    const rewrites = data.length > 0;
    data = concatBytes([header.correction.insert, data.subarray(header.correction.remove)]);
    return rewrites ? { header, data, rewrites } : { header, data };
  } catch (error) {
    if (!(error instanceof FileHeaderError)) throw error;
    return { error: error.message };
  }
}

/**
 * The header rule, written as plainly as possible: the one k (1 to 20) whose
 * first k bytes after the separator are digits forming v <= maxSize with
 * k + v = T, and no shorter than the first read end inside those digits.
 *
 * @param readEnds Where each read ended, counted from just after the separator.
 */
function referenceSplit(afterSeparator: Uint8Array, maxSize: number, readEnds: number[]) {
  const text = new TextDecoder("latin1").decode(afterSeparator.subarray(0, 20));
  let run = 0; // how many leading digits could be SIZE
  while (
    run < text.length && /\d/.test(text[run]!) && Number(text.slice(0, run + 1)) <= maxSize
  ) run++;
  const endsInRun = readEnds.filter((end) => end >= 1 && end <= run);
  const shortest = endsInRun.length > 0 ? Math.min(...endsInRun) : 1;
  for (let k = shortest; k <= run; k++) {
    const size = Number(text.slice(0, k));
    if (k + size === afterSeparator.length) return { size, data: afterSeparator.subarray(k) };
  }
  return undefined;
}

/** Where each piece ends, counted from `offset` into the whole stream. */
function readEnds(pieces: Uint8Array[], offset: number): number[] {
  let end = 0;
  return pieces.map((piece) => (end += piece.length) - offset);
}

/** Data bytes drawn mostly from digits, where the framing is hard. */
const digitHeavyData = fc.array(
  fc.oneof(fc.integer({ min: 0x30, max: 0x39 }), fc.integer({ min: 0, max: 255 })),
  { maxLength: 300 },
).map((values) => Uint8Array.from(values));

const safeName = fc.stringMatching(/^[A-Za-z0-9._ 一-龥-]{1,40}$/);
const offsets = fc.array(fc.nat(), { maxLength: 8 });

Deno.test("encodeFileHeader() writes NAME<SEPARATOR>SIZE like the original", () => {
  assertEquals(
    encodeFileHeader("my_document.pdf", 45000),
    bytes("my_document.pdf<SEPARATOR>45000"),
  );
  assertEquals(encodeFileHeader("空.bin", 0), bytes("空.bin<SEPARATOR>0"));
  assertThrows(() => encodeFileHeader("", 1), RangeError);
  assertThrows(() => encodeFileHeader("a<SEPARATOR>b", 1), RangeError);
  assertThrows(() => encodeFileHeader("a", -1), RangeError);
  assertThrows(() => encodeFileHeader("a", 1.5), RangeError);
});

Deno.test("FileHeaderDecoder recovers name and data over any split, data of any bytes", () => {
  fc.assert(
    fc.property(safeName, digitHeavyData, offsets, (name, data, points) => {
      const header = encodeFileHeader(name, data.length);
      const pieces = cut(concatBytes([header, data]), points);
      const result = decode(pieces);
      if ("error" in result) {
        // refused only when a read ended inside data digits that follow SIZE: see the next test
        const sizeEnd = String(data.length).length;
        const afterSeparator = header.length - sizeEnd;
        assert(/^\d/.test(String.fromCharCode(data[0] ?? 0)), result.error);
        assert(readEnds(pieces, afterSeparator).some((end) => end > sizeEnd), result.error);
        // or, when that read ended more digits in than a SIZE may have, says the size is bad
        assert(
          /^the sender stopped after |^the declared size (has more than|\d+ is over)/.test(
            result.error,
          ),
          result.error,
        );
        return;
      }
      assertEquals(result.header.name, name);
      assertEquals(result.header.size, data.length);
      assertEquals(result.data, data);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("FileHeaderDecoder never rewrites its output when the header arrives alone", () => {
  fc.assert(
    fc.property(safeName, digitHeavyData, offsets, (name, data, points) => {
      const header = encodeFileHeader(name, data.length);
      const result = decode([header, ...cut(data, points)]);
      assert("header" in result);
      assertEquals(result.rewrites, undefined);
      assertEquals(result.data, data);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("FileHeaderDecoder inserts nothing when the data does not begin with a digit", () => {
  fc.assert(
    fc.property(safeName, digitHeavyData, offsets, (name, tail, points) => {
      const data = concatBytes([bytes("x"), tail]);
      const result = decode(cut(concatBytes([encodeFileHeader(name, data.length), data]), points));
      assert("header" in result);
      // a rewrite could only come from a read that ended inside SIZE's digits
      if (result.rewrites) assertEquals(result.header.correction?.insert.length, 0);
      assertEquals(result.data, data);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("FileHeaderDecoder agrees with the plain rule on any stream, valid or not", () => {
  const digitsOrAny = fc.array(
    fc.oneof(fc.integer({ min: 0x30, max: 0x39 }), fc.integer({ min: 0, max: 255 })),
    { maxLength: 120 },
  ).map((values) => Uint8Array.from(values));
  fc.assert(
    fc.property(
      digitsOrAny,
      offsets,
      fc.integer({ min: 0, max: 10_000 }),
      (after, points, maxSize) => {
        const stream = concatBytes([bytes(`f${SEPARATOR}`), after]);
        const pieces = cut(stream, points);
        const result = decode(pieces, maxSize);
        const expected = referenceSplit(after, maxSize, readEnds(pieces, 12));
        if (expected === undefined) {
          assert("error" in result, `accepted ${JSON.stringify(result)}`);
        } else {
          assert("header" in result, JSON.stringify(result));
          assertEquals(result.header.size, expected.size);
          assertEquals(result.data, expected.data);
        }
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("FileHeaderDecoder refuses a stream cut right after a header that arrived alone", () => {
  // by the size rule alone this is a complete 4-byte file "5000"
  assertEquals(decode([bytes("a<SEPARATOR>45000")]), {
    error: "the sender stopped after 0 of 45000 bytes",
  });
  // and this a complete 4,500-byte file; the read that ended after "45000" says otherwise
  const cutShort = [bytes("a<SEPARATOR>45000"), new Uint8Array(4499).fill(0x78)];
  assertEquals(decode(cutShort), { error: "the sender stopped after 4499 of 45000 bytes" });
  // the same bytes in one read: only the rule speaks
  assert("header" in decode([concatBytes(cutShort)]));
});

Deno.test("FileHeaderDecoder rejects a cut-short stream except at the rule's blind spots", () => {
  fc.assert(
    fc.property(safeName, digitHeavyData, fc.nat(), offsets, (name, data, drop, points) => {
      const stream = concatBytes([encodeFileHeader(name, data.length), data]);
      const kept = stream.length - 1 - (drop % stream.length);
      const result = decode(cut(stream.subarray(0, kept), points));
      if ("error" in result) return;
      // accepted: only when the cut lands exactly where a shorter SIZE would end
      const size = String(data.length);
      assert(result.header.size < data.length);
      const k = size.length - String(result.header.size).length;
      assert(k >= 0 && size.startsWith(String(result.header.size)), JSON.stringify(result));
    }),
    { numRuns: 1000 },
  );
});

Deno.test("FileHeaderDecoder reports bytes beyond SIZE as soon as they arrive", () => {
  const decoder = new FileHeaderDecoder();
  decoder.push(bytes("a.txt<SEPARATOR>5"));
  assertEquals(decoder.push(bytes("hello")).length, 1);
  assertThrows(
    () => decoder.push(bytes("!")),
    FileHeaderError,
    "the sender sent more than the 5 bytes it declared",
  );
});

Deno.test("FileHeaderDecoder explains each bad header in one phrase", () => {
  const cases: [string, string, number?][] = [
    ["", "the sender closed the connection without sending anything"],
    ["my_document.pdf45000", "the sender closed the connection before <SEPARATOR>"],
    ["a.txt<SEPARATOR>", "the header has no size after <SEPARATOR>"],
    ["a.txt<SEPARATOR>abc", "the declared size is not a number"],
    ["a.txt<SEPARATOR> 5", "the declared size is not a number"],
    ["a.txt<SEPARATOR>-5hello", "the declared size is negative"],
    ["a.txt<SEPARATOR>" + "9".repeat(26), "the declared size has more than 20 digits"],
    [
      "a.txt<SEPARATOR>99999999999999",
      "the declared size 99999999999999 is over the limit of 1000000 bytes",
      1_000_000,
    ],
    ["a.txt<SEPARATOR>45000This is", "the sender stopped after 7 of 45000 bytes"],
    ["a.txt<SEPARATOR>45", "the sender stopped after 0 of 45 bytes"],
    ["a.txt<SEPARATOR>2hello", "the sender sent more than the 2 bytes it declared"],
  ];
  for (const [stream, message, maxSize] of cases) {
    assertEquals(decode([bytes(stream)], maxSize), { error: message }, stream);
  }
});

Deno.test("FileHeaderDecoder names a bad size, not a short transfer, when data follows it", () => {
  const cases: [string[], string, number?][] = [
    [
      ["a.txt<SEPARATOR>" + "9".repeat(23), "abcdefghijklmnop"],
      "the declared size has more than 20 digits",
    ],
    [
      ["a.txt<SEPARATOR>" + "9".repeat(23) + "abcdefghijklmnop"],
      "the declared size has more than 20 digits",
    ],
    [
      ["a.txt<SEPARATOR>45000", "This is".repeat(100)],
      "the declared size 45000 is over the limit of 1000 bytes",
      1000,
    ],
    [["a.txt<SEPARATOR>45000", "This is"], "the sender stopped after 7 of 45000 bytes"],
  ];
  for (const [pieces, message, maxSize] of cases) {
    assertEquals(decode(pieces.map(bytes), maxSize), { error: message }, pieces.join("|"));
  }
});

Deno.test("FileHeaderDecoder names both readings of a coalesced stream that a shorter SIZE fits", () => {
  // "45000" + 4499 bytes: a 4500-byte file "0This is…", or a 45000-byte one cut short
  const stream = bytes("f<SEPARATOR>45000" + "This is a test.\n".repeat(300).slice(0, 4499));
  const result = decode([stream]);
  assert("header" in result);
  assertEquals([result.header.size, result.header.digitsSeen], [4500, "45000"]);
  // the same bytes with the header in a read of its own: the read settles it, as cut short
  assertEquals(decode([stream.subarray(0, 17), stream.subarray(17)]), {
    error: "the sender stopped after 4499 of 45000 bytes",
  });
  // a file that does not begin with a digit, or a header read alone: one reading only
  const plain = decode([bytes("f<SEPARATOR>5hello")]);
  assert("header" in plain && plain.header.digitsSeen === undefined);
});

Deno.test("FileHeaderDecoder gives up on a name over 4096 bytes without <SEPARATOR>", () => {
  const decoder = new FileHeaderDecoder();
  decoder.push(new Uint8Array(4000).fill(0x61));
  assertThrows(
    () => decoder.push(new Uint8Array(200).fill(0x61)),
    FileHeaderError,
    "no <SEPARATOR> in the first 4107 bytes",
  );
});

Deno.test("FileHeaderDecoder finds a separator split across reads", () => {
  const result = decode([bytes("a.txt<SEPAR"), bytes("ATOR>3"), bytes("abc")]);
  assertEquals(result, { header: { name: "a.txt", size: 3 }, data: bytes("abc") });
});

Deno.test("FileHeaderDecoder rejects a name that is not UTF-8", () => {
  const stream = concatBytes([new Uint8Array([0xff, 0x61]), bytes("<SEPARATOR>0")]);
  assertEquals(decode([stream]), { error: "the file name is not UTF-8" });
});

Deno.test("FileHeaderDecoder streams the data and holds back at most the digits", () => {
  const decoder = new FileHeaderDecoder();
  assertEquals(decoder.push(bytes("big.bin<SEPARATOR>1000000")), []);
  assertEquals(decoder.assumedSize, 1_000_000);
  const chunk = new Uint8Array(65536).fill(0x78);
  assertEquals(decoder.push(chunk), [chunk]);
  assertEquals(decoder.name, "big.bin");
});

Deno.test("FileHeaderDecoder corrects a guess that a read inside SIZE's digits misled", () => {
  // "45" then "000x...": the first read ended inside SIZE, so the guess is 45
  const data = new Uint8Array(45000).fill(0x78);
  const result = decode([bytes("a<SEPARATOR>45"), concatBytes([bytes("000"), data])]);
  assert("header" in result);
  assertEquals(result.header.size, 45000);
  assertEquals(result.header.correction, { remove: 3, insert: new Uint8Array(0) });
  assertEquals(result.data, data);
});

Deno.test("FileHeaderDecoder checks the name before it looks at the size", () => {
  const decoder = new FileHeaderDecoder({
    checkName: (name) => name.includes("/") ? "the name has a slash" : undefined,
  });
  assertThrows(
    () => decoder.push(bytes("../x<SEPARATOR>-1")),
    FileHeaderError,
    "the name has a slash",
  );
  assertEquals(decoder.name, undefined);
});

Deno.test("FileHeaderDecoder settles an empty file", () => {
  assertEquals(decode([bytes("e<SEPARATOR>0")]), {
    header: { name: "e", size: 0 },
    data: new Uint8Array(0),
  });
});

Deno.test("FileHeaderDecoder passes on at most maxSize + 19 bytes before refusing", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2000 }), digitHeavyData, (maxSize, head) => {
      const decoder = new FileHeaderDecoder({ maxSize });
      let passed = 0;
      try {
        decoder.push(bytes(`a${SEPARATOR}`));
        for (const piece of [head, new Uint8Array(5000).fill(0x78)]) {
          for (const chunk of decoder.push(piece)) passed += chunk.length;
        }
        decoder.end();
      } catch (error) {
        assert(error instanceof FileHeaderError);
      }
      assert(passed <= maxSize + 19, `${passed} > ${maxSize} + 19`);
    }),
    { numRuns: 500 },
  );
});
