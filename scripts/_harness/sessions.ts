/**
 * The scripted sessions, each defined once: what is typed into each chat
 * client, what a correct client prints back and what a correct server
 * receives. The comparison (scripts/compare/) and the end-to-end suites play
 * them against every implementation.
 *
 * @module
 */
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { decodeUtf8 } from "../../lib/utf8_stream_decoder.ts";
import { pythonStrip } from "../../lib/python_strip.ts";

const encoder = new TextEncoder();

/** A chat session: the lines a user types (then `quit`), and how to judge each side. */
export interface ChatSession {
  /** What the input is, for a reader. */
  description: string;
  /** What the server prints once it listens. */
  ready: string;
  /** The lines typed into the client, `quit` last. */
  lines: string[];
}

/** Plain text, non-ASCII text, an empty line, a message over 1024 bytes, then `quit`. */
const TCP_MESSAGES = ["hello", "  你好，世界 ünïcödé  ", "", `${"a".repeat(1100)}!`, "bye"];

/** The messages the TCP client sends: each stripped, the empty one skipped. */
function tcpSent(): string[] {
  return TCP_MESSAGES.map((message) => decodeUtf8(pythonStrip(encoder.encode(message))))
    .filter((message) => message !== "");
}

/** The TCP chat session, and what the server and client must print for it. */
export const TCP_CHAT = {
  description:
    "plain text, non-ASCII text with surrounding spaces, an empty line, a 1,101-byte message, quit",
  ready: "服务器已启动",
  lines: [...TCP_MESSAGES, "quit"],
  /** Whether the server received every message sent, whole and in order. */
  serverReceivedAll(stdout: string): boolean {
    const received = stdout.split("\n").filter((line) => line.startsWith("收到消息: "))
      .map((line) => line.slice("收到消息: ".length)).join("");
    return received === tcpSent().join("");
  },
  /** Whether the client printed each reply whole: the message, uppercased as `bytes.upper()`. */
  clientRepliesRight(stdout: string): boolean {
    const replies = stdout.split(">> ").map((part) => part.trimEnd())
      .filter((part) => part.startsWith("服务器响应: "));
    const expected = tcpSent().map((message) =>
      `服务器响应: ${decodeUtf8(asciiUpper(encoder.encode(message)))}`
    );
    return replies.join("\n") === expected.join("\n");
  },
} satisfies ChatSession & Record<string, unknown>;

/** Plain text, non-ASCII text, an empty line (an empty datagram), 2,000 bytes. */
const UDP_MESSAGES = ["hello", "  你好，世界 ünïcödé  ", "", "x".repeat(2000)];

/** A datagram that is not UTF-8, which no client types: sent straight to the server. */
export const NOT_UTF8: Uint8Array = new Uint8Array([0xff, 0xfe, 0x61, 0x62]);

/** The original server's recvfrom(1024). */
const ORIGINAL_UDP_LIMIT = 1024;

/** The UDP echo session, and what the server and client must print for it. */
export const UDP_CHAT = {
  description: "plain text, non-ASCII text with surrounding spaces, an empty line (an empty " +
    "datagram), a 2,000-byte line, quit; then a datagram that is not UTF-8, sent straight to " +
    "the server",
  ready: "UDP 服务器已启动",
  lines: [...UDP_MESSAGES, "quit"],
  /** Whether the server printed every datagram, the raw one too, whole. */
  serverReceivedAll(stdout: string): boolean {
    const messages = stdout.split("\n").filter((line) => line.startsWith("收到来自 "))
      .map((line) => line.replace(/^收到来自 \(.*?\) 的消息: /, ""));
    const expected = [...UDP_MESSAGES.map((line) => encoder.encode(line)), NOT_UTF8]
      .map((line) => decodeUtf8(pythonStrip(line)));
    return messages.join("\n") === expected.join("\n");
  },
  /**
   * Whether the client printed each echo as the server sent it: stripped and
   * uppercased, cut to 1024 bytes when the server is the original.
   */
  clientEchoesRight(stdout: string, originalServer: boolean): boolean {
    const limit = originalServer ? ORIGINAL_UDP_LIMIT : Infinity;
    const echoes = stdout.split(">> ").map((part) => part.replace(/\n$/, ""))
      .filter((part) => part.startsWith("服务器回显: "));
    const expected = UDP_MESSAGES.map((line) =>
      `服务器回显: ${decodeUtf8(asciiUpper(pythonStrip(encoder.encode(line)).subarray(0, limit)))}`
    );
    return echoes.join("\n") === expected.join("\n");
  },
} satisfies ChatSession & Record<string, unknown>;
