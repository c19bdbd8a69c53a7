/**
 * Python's `str.strip()` applied to the UTF-8 bytes of a line.
 *
 * @module
 */

/** The code points for which Python's `str.isspace()` is true. */
const PYTHON_WHITESPACE = new Set([
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x1c,
  0x1d,
  0x1e,
  0x1f,
  0x20,
  0x85,
  0xa0,
  0x1680,
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
]);

/**
 * Removes leading and trailing whitespace from UTF-8 bytes exactly as
 * Python's `str.strip()` does: the same set of whitespace characters (which
 * differs from JavaScript's `trim()`: Python strips U+001C-U+001F and U+0085
 * but keeps U+FEFF). Bytes that are not valid UTF-8 are never whitespace and
 * are kept, so nothing but the whitespace is lost.
 *
 * @example Strip a typed line
 * ```ts
 * import { pythonStrip } from "./python_strip.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const line = new TextEncoder().encode("\u3000 hello \t");
 * assertEquals(new TextDecoder().decode(pythonStrip(line)), "hello");
 * ```
 *
 * @param line The bytes of one line.
 * @returns A view of `line` without the surrounding whitespace.
 */
export function pythonStrip(line: Uint8Array): Uint8Array {
  let start = 0;
  let end = line.length;
  while (start < end) {
    const length = whitespaceLengthAt(line, start, end);
    if (length === 0) break;
    start += length;
  }
  while (end > start) {
    const length = whitespaceLengthBefore(line, start, end);
    if (length === 0) break;
    end -= length;
  }
  return line.subarray(start, end);
}

/** The byte length of the whitespace character at `at`, or 0 if there is none. */
function whitespaceLengthAt(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xe3 ? (lead < 0xe0 ? 2 : 3) : 0;
  if (length === 0 || at + length > end) return 0;
  return PYTHON_WHITESPACE.has(decodeCodePoint(bytes, at, length)) ? length : 0;
}

/** The byte length of the whitespace character that ends at `end`, or 0. */
function whitespaceLengthBefore(bytes: Uint8Array, start: number, end: number): number {
  for (let length = 1; length <= 3 && end - length >= start; length++) {
    if (whitespaceLengthAt(bytes, end - length, end) === length) return length;
  }
  return 0;
}

/**
 * Decodes one 1- to 3-byte UTF-8 sequence, or returns -1 when the sequence is
 * malformed (every Python whitespace character is below U+10000).
 */
function decodeCodePoint(bytes: Uint8Array, at: number, length: number): number {
  const lead = bytes[at]!;
  if (length === 1) return lead;
  let codePoint = lead & (length === 2 ? 0x1f : 0x0f);
  for (let i = 1; i < length; i++) {
    const next = bytes[at + i]!;
    if ((next & 0xc0) !== 0x80) return -1;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  return length === 3 && codePoint < 0x800 ? -1 : codePoint; // no overlong forms
}
