/**
 * The file transfer's framing: `NAME<SEPARATOR>SIZE` followed by exactly SIZE
 * bytes of data, then the end of the stream, as the tutorial's
 * `file_sender.py` writes it. Nothing marks where SIZE ends.
 *
 * ## Where the header ends
 *
 * The original receiver takes whatever its first `recv(4096)` returned as the
 * header. That works only when the header arrives alone; when the first data
 * bytes arrive in the same read (normal on a real link) it fails, and if the
 * data begins with digits no single read can tell where SIZE ends: in
 * `45000123…` the SIZE could be 4, 45, 450, 4500, 45000, 450001, … The
 * declared size and the end of the stream settle it, however the bytes were
 * cut into reads:
 *
 * Let T be the number of bytes after `<SEPARATOR>` when the stream ends, and
 * `v(k)` the number formed by the first k of those bytes (all digits). The
 * header is the unique k from 1 to 20 with `k + v(k) = T`: SIZE is `v(k)` and
 * the data is everything after the first k bytes. One more condition, for
 * safety (below): k is not shorter than the point where the first read that
 * ended inside those digits ended.
 *
 * There is never more than one such k: `f(k) = k + v(k)` strictly increases
 * with k, because `v(k + 1) = 10·v(k) + digit`, so
 * `f(k + 1) - f(k) = 1 + 9·v(k) + digit ≥ 1`. So the split is exact, and
 * a stream that fits no k was cut short or carried extra bytes: an error.
 *
 * ## Streaming with bounded lookahead
 *
 * The rule needs T, known only at the end, but the data must not wait for
 * it. The decoder holds back only the digit run after the separator (at most
 * 20 bytes, fewer when a longer prefix would exceed `maxSize`): call its
 * length K. Every byte after those K is data whatever k turns out to be, so
 * it streams out at once. Which of the K digits are data is a guess until
 * the end: the decoder guesses the k at which the first read that ended
 * inside the digit run ended (the header arrived alone, as the original's
 * framing assumes), or else K (the data does not begin with a digit). The
 * guess is right except when a header was split inside its digits or
 * arrived together with data that begins with digits; then
 * {@linkcode FileHeaderDecoder.prototype.end} returns a correction: replace
 * the first few bytes of the output with a few others (at most 19 bytes each
 * way). Memory stays flat; only a wrong guess costs one rewrite of the file.
 *
 * ## A cut-short stream that fits a shorter SIZE
 *
 * By the rule alone, `45000` followed by the end of the stream is a complete
 * 4-byte file `5000` (1 + 4 = 5), and a 45,000-byte file cut after 4,504
 * bytes is a complete 4,500-byte file: the wire format has no end marker. A
 * sender that dies after its header would leave a plausible wrong file. So
 * the decoder also trusts the one thing the reads do tell: when a read ended
 * inside the digit run, SIZE ends there or later (a sender writes its header
 * first, on its own; the original sender's `send()` goes out as a segment of
 * its own). If the end of the stream says SIZE is shorter than that, the
 * transfer was cut short and is refused. The cost: a file whose data begins
 * with digits, sent in the same write as its header and read up to inside
 * those digits, is refused too, as cut short; that takes a tiny all-digit
 * file (`5000`, header and data in one read). Refusing a transfer loses no
 * data; accepting a wrong file would. When the header arrives coalesced with
 * data, no read ends inside the digits and only the rule speaks: a stream
 * cut exactly where a shorter SIZE would end (at most 19 points) is then
 * accepted as that smaller file, and no rule on the bytes can do better:
 * `f<SEPARATOR>45000` + 4,499 bytes is byte for byte the header of a
 * 4,500-byte file that begins with `0`. So {@linkcode FileHeader.digitsSeen}
 * names the other reading, for the receiver to print; the SHA-256 lines the
 * scripts print settle any doubt.
 *
 * ## Bytes beyond SIZE, and the size limit
 *
 * Extra bytes after SIZE bytes make the stream fit no k (or, for data that
 * begins with digits, at worst a k whose SIZE is ten times larger), so they
 * are an error, raised as soon as the byte count passes the largest SIZE any
 * k allows: with no end marker, a sender that sends more than it declared
 * has put the framing itself in doubt, and guessing which bytes are the file
 * could hand over a wrong one. For the same reason a SIZE over `maxSize` is
 * only known to be too large once every shorter reading is ruled out: the
 * decoder never passes on more than `maxSize` + 19 bytes, and reports the
 * declared size as over the limit when the stream goes beyond that. When the
 * stream fits no SIZE and a read ended inside the digits after more digits
 * than a SIZE may have, or a larger number than `maxSize`, that is what the
 * error says, rather than "the sender stopped after ...".
 *
 * @module
 */
import type { StartReplacement } from "./rewrite_file_start.ts";

/** The separator between name and size, as the original writes it. */
export const SEPARATOR = "<SEPARATOR>";

/** The longest a name may be before `<SEPARATOR>` must have arrived. */
const MAX_HEADER_NAME_BYTES = 4096;

/** The most digits SIZE may have (`2 ** 64` has 20). */
const MAX_SIZE_DIGITS = 20;

const SEPARATOR_BYTES = new TextEncoder().encode(SEPARATOR);
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;

/**
 * A header that breaks the framing rules; its message says what is wrong in
 * a few lower-case words, to follow "Cannot receive the file: ".
 *
 * @example What a bad header reports
 * ```ts
 * import { FileHeaderDecoder, FileHeaderError } from "./file_header.ts";
 * import { assertThrows } from "./_assert.ts";
 *
 * const decoder = new FileHeaderDecoder();
 * assertThrows(
 *   () => decoder.push(new TextEncoder().encode("a.txt<SEPARATOR>-5")),
 *   FileHeaderError,
 *   "the declared size is negative",
 * );
 * ```
 */
export class FileHeaderError extends SyntaxError {
  /** @param message What is wrong, in lower case, no final period. */
  constructor(message: string) {
    super(message);
    this.name = "FileHeaderError";
  }
}

/**
 * Encodes the header exactly as `file_sender.py` does:
 * `f"{FILENAME}<SEPARATOR>{filesize}".encode()`.
 *
 * @example The tutorial's header
 * ```ts
 * import { encodeFileHeader } from "./file_header.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const header = encodeFileHeader("my_document.pdf", 45000);
 * assertEquals(new TextDecoder().decode(header), "my_document.pdf<SEPARATOR>45000");
 * ```
 *
 * @param name The file's base name; it must not contain `<SEPARATOR>`.
 * @param size The number of data bytes that follow.
 * @returns The header's bytes.
 * @throws {RangeError} For an empty name, a name containing `<SEPARATOR>`,
 * or a size that is not a non-negative safe integer.
 */
export function encodeFileHeader(name: string, size: number): Uint8Array {
  if (name.length === 0) throw new RangeError("Cannot encode the header: the name is empty");
  if (name.includes(SEPARATOR)) {
    throw new RangeError(`Cannot encode the header: the name contains ${SEPARATOR}`);
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`Cannot encode the header: invalid size ${size}`);
  }
  return new TextEncoder().encode(`${name}${SEPARATOR}${size}`);
}

/** Options for {@linkcode FileHeaderDecoder}. */
export interface FileHeaderDecoderOptions {
  /** The largest SIZE accepted; `Number.MAX_SAFE_INTEGER` by default. */
  maxSize?: number;
  /**
   * Checks the name as soon as it has arrived, before the size is looked at;
   * returns what is wrong with it (thrown as a {@linkcode FileHeaderError}),
   * or `undefined` to accept it. Accepts any name by default.
   */
  checkName?: (name: string) => string | undefined;
}

/** The decoded header, known for certain at the end of the stream. */
export interface FileHeader {
  /** The name, as sent (not yet checked for safety). */
  name: string;
  /** The number of data bytes. */
  size: number;
  /**
   * `undefined` when the output is exactly the data; otherwise the start of
   * the output must be corrected (the guess of where SIZE ended was wrong),
   * as `rewriteFileStart()` does to a file.
   */
  correction?: StartReplacement;
  /**
   * Set when the stream also reads as a longer SIZE cut short: the header
   * came in the same read as data beginning with digits, and no read ended
   * where SIZE ended. These are all the digits that followed `<SEPARATOR>`
   * (as many as could be SIZE), e.g. `45000` for a SIZE taken as 4500. The
   * bytes cannot tell the two readings apart; a receiver should say so.
   */
  digitsSeen?: string;
}

/**
 * Decodes `NAME<SEPARATOR>SIZE` + data incrementally, wherever the reads cut
 * it, by the rule in this module's documentation. Feed each read to
 * {@linkcode push}, which returns the data bytes it can pass on; call
 * {@linkcode end} at the end of the stream for the header and any correction.
 *
 * @example Header and data in one read, data beginning with digits
 * ```ts
 * import { FileHeaderDecoder } from "./file_header.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const text = new TextDecoder();
 * const decoder = new FileHeaderDecoder();
 * const out = decoder.push(new TextEncoder().encode("n.txt<SEPARATOR>5123ab"));
 * assertEquals(decoder.name, "n.txt");
 * assertEquals(out.map((chunk) => text.decode(chunk)), ["ab"]); // the digits are held back
 * const { size, correction } = decoder.end();
 * assertEquals(size, 5); // 1 digit + 5 bytes = the 6 bytes after the separator
 * assertEquals(text.decode(correction!.insert), "123"); // the data starts "123", then "ab"
 * ```
 *
 * @example The header alone in its first read, as the original expects
 * ```ts
 * import { FileHeaderDecoder } from "./file_header.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const encoder = new TextEncoder();
 * const decoder = new FileHeaderDecoder();
 * assertEquals(decoder.push(encoder.encode("n.txt<SEPARATOR>2")), []);
 * assertEquals(decoder.assumedSize, 2);
 * const data = decoder.push(encoder.encode("hi"));
 * assertEquals(data, [encoder.encode("hi")]);
 * assertEquals(decoder.end(), { name: "n.txt", size: 2 });
 * ```
 */
export class FileHeaderDecoder {
  readonly #maxSize: number;
  readonly #checkName: (name: string) => string | undefined;
  #phase: "name" | "size" | "data" = "name";
  #head = new Uint8Array(0); // bytes before the separator is found
  #name: string | undefined;
  #digits = new Uint8Array(MAX_SIZE_DIGITS); // the digit run held back, K of them once known
  #count = 0; // digits held
  #held: number | undefined; // K, once known
  #hint: number | undefined; // where the first read ending inside the digits ended
  #guess = 0; // the k the output's layout assumes
  #total = 0; // T so far: bytes after the separator
  #run = ""; // the natural digit run, for messages (up to 21 digits)
  #allDigits = true; // no byte after the separator has been anything but a digit
  #readDigits: number | undefined; // where the first read ending inside the digit run ended

  /** @param options The size limit. */
  constructor(options: FileHeaderDecoderOptions = {}) {
    this.#maxSize = Math.min(options.maxSize ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    this.#checkName = options.checkName ?? (() => undefined);
  }

  /** The name, once `<SEPARATOR>` has arrived and the name passed its check; `undefined` before. */
  get name(): string | undefined {
    return this.#name;
  }

  /**
   * The SIZE the output's layout assumes, once data has started to flow
   * (use it for progress); the end of the stream confirms or corrects it.
   */
  get assumedSize(): number | undefined {
    const k = this.#held === undefined ? this.#hint : this.#guess;
    return k === undefined ? undefined : this.#value(k);
  }

  /**
   * Takes the next read.
   *
   * @param chunk The bytes just read.
   * @returns The data bytes it completes, in order (views into `chunk`: use
   * them before the next push).
   * @throws {FileHeaderError} When the stream cannot be a valid transfer.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let rest = chunk;
    if (this.#phase === "name") {
      const found = this.#findSeparator(chunk);
      if (found === undefined) return out;
      rest = found;
    }
    if (this.#phase === "size") {
      rest = this.#takeDigits(rest, out);
      if (this.#phase === "size") {
        if (this.#hint === undefined && this.#count > 0) this.#hint = this.#count;
        this.#readDigits ??= this.#hint;
        return out;
      }
    }
    this.#noteRun(rest);
    if (this.#allDigits && this.#run.length > 0) this.#readDigits ??= this.#run.length;
    this.#total += rest.length;
    if (rest.length > 0) out.push(rest);
    if (this.#total > this.#fit(this.#held!)) throw new FileHeaderError(this.#explain());
    return out;
  }

  /**
   * Ends the stream: settles where SIZE ended.
   *
   * @returns The header, with a correction for the output's start if the
   * guess was wrong.
   * @throws {FileHeaderError} When the stream fits no header: it was cut
   * short, carried extra bytes, or the header itself is bad.
   */
  end(): FileHeader {
    if (this.#phase === "name") {
      throw new FileHeaderError(
        this.#head.length === 0
          ? "the sender closed the connection without sending anything"
          : `the sender closed the connection before ${SEPARATOR}`,
      );
    }
    if (this.#phase === "size") {
      if (this.#count === 0) throw new FileHeaderError(`the header has no size after ${SEPARATOR}`);
      this.#hold(this.#count, [], this.#count); // nothing was passed on: no guess to undo
    }
    for (let k = 1; k <= this.#held!; k++) {
      if (this.#fit(k) !== this.#total) continue;
      // a read that ended inside the digits marks where SIZE ended, or a later point:
      // a shorter SIZE would mean the data was cut short, so say that rather than accept it
      if (this.#hint !== undefined && this.#hint <= this.#held! && k < this.#hint) break;
      const header: FileHeader = { name: this.#name!, size: this.#value(k) };
      if (k !== this.#guess) {
        header.correction = {
          remove: this.#held! - this.#guess,
          insert: this.#digits.slice(k, this.#held),
        };
      }
      // no read ended where this SIZE ends: the longer readings, cut short, fit the bytes as well
      if (k < this.#held! && this.#hint !== k) header.digitsSeen = this.#run.slice(0, this.#held);
      return header;
    }
    throw new FileHeaderError(this.#explain());
  }

  #findSeparator(chunk: Uint8Array): Uint8Array | undefined {
    const head = new Uint8Array(this.#head.length + chunk.length);
    head.set(this.#head);
    head.set(chunk, this.#head.length);
    const at = indexOf(head, SEPARATOR_BYTES, Math.max(0, this.#head.length - SEPARATOR.length));
    if (at === -1 || at > MAX_HEADER_NAME_BYTES) {
      if (head.length >= MAX_HEADER_NAME_BYTES + SEPARATOR.length) {
        throw new FileHeaderError(
          `no ${SEPARATOR} in the first ${MAX_HEADER_NAME_BYTES + SEPARATOR.length} bytes`,
        );
      }
      this.#head = head;
      return undefined;
    }
    let name: string;
    try {
      name = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
        head.subarray(0, at),
      ); // a BOM stays, to be refused, rather than vanish
    } catch {
      throw new FileHeaderError("the file name is not UTF-8");
    }
    const problem = this.#checkName(name);
    if (problem !== undefined) throw new FileHeaderError(problem);
    this.#name = name;
    this.#head = new Uint8Array(0);
    this.#phase = "size";
    return head.subarray(at + SEPARATOR.length);
  }

  /** Holds back digits while they may belong to SIZE; returns the rest of `bytes`. */
  #takeDigits(bytes: Uint8Array, out: Uint8Array[]): Uint8Array {
    let i = 0;
    for (; i < bytes.length; i++) {
      const byte = bytes[i]!;
      const fits = this.#count < MAX_SIZE_DIGITS && byte >= ZERO && byte <= NINE &&
        this.#value(this.#count) * 10 + (byte - ZERO) <= this.#maxSize;
      if (!fits) break;
      this.#digits[this.#count++] = byte;
    }
    if (i === bytes.length) return bytes.subarray(i);
    if (this.#count === 0) {
      const first = bytes[i]!;
      if (first === MINUS) throw new FileHeaderError("the declared size is negative");
      if (first < ZERO || first > NINE) {
        throw new FileHeaderError("the declared size is not a number");
      }
    }
    this.#hold(this.#count, out, this.#hint);
    return bytes.subarray(i);
  }

  /** K is known: lay out the output by the guess and release the guessed data digits. */
  #hold(count: number, out: Uint8Array[], hint: number | undefined): void {
    this.#held = count;
    this.#guess = hint !== undefined && hint <= count ? hint : count;
    this.#total = count;
    this.#phase = "data";
    this.#run = new TextDecoder().decode(this.#digits.subarray(0, count));
    if (count > this.#guess) out.push(this.#digits.slice(this.#guess, count));
  }

  /** Extends the natural digit run (for messages only) while it lasts. */
  #noteRun(bytes: Uint8Array): void {
    for (let i = 0; this.#allDigits && i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte < ZERO || byte > NINE) this.#allDigits = false;
      else if (this.#run.length <= MAX_SIZE_DIGITS) this.#run += String.fromCharCode(byte);
    }
  }

  /** v(k): the number formed by the first k digits. */
  #value(k: number): number {
    let value = 0;
    for (let i = 0; i < k; i++) value = value * 10 + (this.#digits[i]! - ZERO);
    return value;
  }

  /** f(k) = k + v(k): the byte count after the separator if SIZE has k digits. */
  #fit(k: number): number {
    return k + this.#value(k);
  }

  /** Why no k fits the bytes seen so far. */
  #explain(): string {
    const total = this.#total;
    const held = this.#held!;
    const allDigits = this.#allDigits;
    // a read that ended inside the digits says how long SIZE is at least: judge the size by it;
    // else by all the digits that followed the separator, the reading the sender most likely meant
    const digits = this.#readDigits ?? this.#run.length;
    if (digits > MAX_SIZE_DIGITS) {
      return `the declared size has more than ${MAX_SIZE_DIGITS} digits`;
    }
    if (digits > held) {
      return `the declared size ${
        this.#run.slice(0, digits)
      } is over the limit of ${this.#maxSize} bytes`;
    }
    if (!allDigits) {
      // the layout's guess reads best; else the shortest SIZE the bytes fall short of
      const candidates = [this.#guess, ...Array.from({ length: held }, (_, i) => i + 1)];
      const k = candidates.find((k) => this.#fit(k) > total);
      if (k !== undefined) {
        return `the sender stopped after ${total - k} of ${this.#value(k)} bytes`;
      }
    }
    if (this.#run.length > MAX_SIZE_DIGITS) {
      return `the declared size has more than ${MAX_SIZE_DIGITS} digits`;
    }
    if (this.#run.length > held) {
      return `the declared size ${this.#run} is over the limit of ${this.#maxSize} bytes`;
    }
    if (allDigits) return `the sender stopped after 0 of ${this.#run} bytes`;
    const declared = this.#value(this.#guess);
    return `the sender sent more than the ${declared} byte${declared === 1 ? "" : "s"} it declared`;
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
