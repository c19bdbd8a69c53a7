/**
 * The `--trace` line: one per socket operation, so that a learner sees which
 * bytes each `recv()` returned, and when. The line is
 *
 * ```text
 * [trace] OP N B T ms DETAIL
 * ```
 *
 * OP is the operation as the Python original names it (`socket`, `bind`,
 * `listen`, `accept`, `connect`, `recv`, `send`, `recvfrom`, `sendto`,
 * `close`), N the bytes it moved, T the
 * milliseconds since the program started (one decimal), and DETAIL a short
 * preview of the bytes in double quotes, UTF-8 text as text (`recvfrom` adds
 * `from HOST:PORT`, `sendto` adds `to HOST:PORT`), or the address family and
 * type for `socket` (`AF_INET SOCK_STREAM`), the address for `bind`, the
 * backlog for `listen` (`backlog 5`), the peer's address for `accept` and
 * `connect`, or nothing for `close`. The end of a stream is
 * `recv 0 B ... ""`, as Python's `recv()` returns `b""`. The line is written
 * when the operation returns; one that fails writes none (the program's own
 * error line says why). `traced()` in `trace.ts` writes these lines for the
 * ports; `scripts/trace_python.py` prints the same for the Python originals
 * (with `sendall` for Python's `sendall()`); the tools read them back with
 * `scripts/_harness/trace.ts`. See docs/wire.md.
 *
 * @module
 */
import { SEPARATOR } from "./file_header.ts";

/** The operations a trace line names, as the Python originals call them. */
export type TraceOp =
  | "socket"
  | "bind"
  | "listen"
  | "accept"
  | "connect"
  | "recv"
  | "send"
  | "sendall"
  | "recvfrom"
  | "sendto"
  | "close";

/** How many bytes a preview shows at least: more when it needs them to show the separator. */
const PREVIEW_BYTES = 24;

/** How far into a read the separator is looked for (the original's header fits in 4096). */
const SEPARATOR_SEARCH_BYTES = 4096 + SEPARATOR.length;

/**
 * Formats one trace line.
 *
 * @example A read of a header and its first data
 * ```ts
 * import { formatTraceLine } from "./trace_line.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(formatTraceLine("recv", 4096, 12.34, '"a.pdf<SEPARATOR>45000This"…'),
 *   '[trace] recv 4096 B 12.3 ms "a.pdf<SEPARATOR>45000This"…');
 * assertEquals(formatTraceLine("close", 0, 50), "[trace] close 0 B 50.0 ms");
 * ```
 *
 * @param op The operation.
 * @param bytes The bytes it moved.
 * @param ms When it returned, in milliseconds since start.
 * @param detail The preview or address; nothing for `close`.
 * @returns The line, without a newline.
 */
export function formatTraceLine(op: TraceOp, bytes: number, ms: number, detail = ""): string {
  return `[trace] ${op} ${bytes} B ${ms.toFixed(1)} ms${detail === "" ? "" : ` ${detail}`}`;
}

/**
 * The preview of a read or write: its first 24 bytes
 * (or, when they hold the file header's `<SEPARATOR>`, up to 8 bytes past
 * it), in double quotes, as the tutorial's reader reads them: UTF-8 text as
 * text (a character the limit would cut is shown whole), `\n`, `\r`, `\t`,
 * `\\` and `\"` escaped, and every byte that is not part of well-formed UTF-8,
 * or is a control, format or separator character, as `\xNN`. A character
 * split between two reads thus shows as `\xNN` bytes at the end of one and the
 * start of the next. `…` follows when bytes were left out.
 *
 * @example The coalesced header, a line of Chinese, and a character cut in two
 * ```ts
 * import { previewBytes } from "./trace_line.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const coalesced = new TextEncoder().encode("my_document.pdf<SEPARATOR>45000This is a test");
 * assertEquals(previewBytes(coalesced), '"my_document.pdf<SEPARATOR>45000Thi"…');
 * const line = new TextEncoder().encode("你好\n");
 * assertEquals(previewBytes(line), '"你好\\n"');
 * assertEquals(previewBytes(line.subarray(0, 4)), '"你\\xe5"');
 * assertEquals(previewBytes(line.subarray(4)), '"\\xa5\\xbd\\n"');
 * ```
 *
 * @param bytes The bytes read or written.
 * @returns The quoted, escaped preview.
 */
export function previewBytes(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, SEPARATOR_SEARCH_BYTES));
  const separator = head.indexOf(SEPARATOR);
  const end = separator === -1
    ? PREVIEW_BYTES
    : Math.max(PREVIEW_BYTES, separator + SEPARATOR.length + 8);
  let text = "";
  let at = 0;
  while (at < bytes.length && at < end) {
    const length = utf8Length(bytes, at);
    const char = length === 0 ? "" : UTF8.decode(bytes.subarray(at, at + length));
    if (ESCAPES[char] !== undefined) {
      text += ESCAPES[char];
    } else if (char === "" || UNPRINTED.test(char)) {
      text += `\\x${bytes[at]!.toString(16).padStart(2, "0")}`;
      at += 1; // each of its bytes on its own
      continue;
    } else {
      text += char;
    }
    at += length;
  }
  return `"${text}"${bytes.length > at ? "…" : ""}`;
}

/** Characters shown as their bytes: controls, format characters, private use, line and paragraph separators. */
const UNPRINTED = /^[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]$/u;

const UTF8 = new TextDecoder();

const ESCAPES: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  '"': '\\"',
  "\\": "\\\\",
};

/**
 * The length of the well-formed UTF-8 sequence at `at` (1 for ASCII, 2 to
 * 4), or 0 if the byte there does not start one (Unicode's table 3-7: no
 * overlong forms, no surrogates, nothing past U+10FFFF).
 */
function utf8Length(bytes: Uint8Array, at: number): number {
  const first = bytes[at]!;
  if (first < 0x80) return 1;
  const [length, low, high] = first >= 0xc2 && first <= 0xdf
    ? [2, 0x80, 0xbf]
    : first === 0xe0
    ? [3, 0xa0, 0xbf]
    : first === 0xed
    ? [3, 0x80, 0x9f]
    : first >= 0xe1 && first <= 0xef
    ? [3, 0x80, 0xbf]
    : first === 0xf0
    ? [4, 0x90, 0xbf]
    : first === 0xf4
    ? [4, 0x80, 0x8f]
    : first >= 0xf1 && first <= 0xf3
    ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0 || at + length > bytes.length) return 0;
  const second = bytes[at + 1]!;
  if (second < low || second > high) return 0;
  for (let i = 2; i < length; i++) {
    if (bytes[at + i]! < 0x80 || bytes[at + i]! > 0xbf) return 0;
  }
  return length;
}
