/**
 * The scripted sessions, each defined once: what is typed into each chat
 * client, what a correct client prints back and what a correct server
 * receives. The comparison (scripts/compare/) and the end-to-end suites play
 * them against every implementation.
 *
 * @module
 */
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { typeLines } from "./chat.ts";
import { hidePorts } from "./net.ts";
import type { Outcome, Spawned } from "./process.ts";
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

/**
 * Plain text, non-ASCII text, an empty line, a message over 1024 bytes, then
 * `quit`. The long one is last: the original client reads only 1024 bytes of
 * its reply, and a later message would get the rest or the rest and its own
 * reply, by timing alone.
 */
const TCP_MESSAGES = ["hello", "  你好，世界 ünïcödé  ", "", `${"a".repeat(1100)}!`];

/** The messages the TCP client sends: each stripped, the empty one skipped. */
function tcpSent(): string[] {
  return TCP_MESSAGES.map((message) => decodeUtf8(pythonStrip(encoder.encode(message))))
    .filter((message) => message !== "");
}

/** The TCP client's banner. */
const TCP_BANNER = "已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。\n";

/** The TCP reply a correct client prints for `message`: uppercased as `bytes.upper()`. */
function tcpReply(message: string): string {
  return `服务器响应: ${decodeUtf8(asciiUpper(encoder.encode(message)))}`;
}

/** The TCP chat session, and what the server and client must print for it. */
export const TCP_CHAT = {
  description:
    "plain text, non-ASCII text with surrounding spaces, an empty line, a 1,101-byte message, quit",
  ready: "服务器已启动，等待客户端连接...",
  lines: [...TCP_MESSAGES, "quit"],
  /**
   * A port client's whole stdout, with any server: the banner, a prompt per
   * line, each reply whole (none for the empty line).
   */
  portClientStdout(): string {
    return TCP_BANNER + TCP_MESSAGES.map((message) => {
      const sent = decodeUtf8(pythonStrip(encoder.encode(message)));
      return `>> ${sent === "" ? "" : `${tcpReply(sent)}\n`}`;
    }).join("") + ">> ";
  },
  /**
   * The original client's whole stdout with a port server: its one
   * recv(1024) cuts the 1,101-byte reply.
   */
  originalClientStdout(): string {
    const long = tcpReply(TCP_MESSAGES[3]!);
    const cut = "服务器响应: ".length + 1024;
    return TCP_BANNER + `>> ${tcpReply("hello")}\n>> ${tcpReply(tcpSent()[1]!)}\n>> ` +
      `>> ${long.slice(0, cut)}\n>> `;
  },
  /** A port server's stdout with a client on 127.0.0.1, ports hidden: each message on one line. */
  portServerTranscript(): string {
    return [
      TCP_CHAT.ready,
      "与 ('127.0.0.1', PORT) 建立连接",
      ...tcpSent().map((message) => `收到消息: ${message}`),
      "与 ('127.0.0.1', PORT) 的连接已断开",
      "",
    ].join("\n");
  },
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
    return replies.join("\n") === tcpSent().map(tcpReply).join("\n");
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
  ready: "UDP 服务器已启动，等待消息...",
  lines: [...UDP_MESSAGES, "quit"],
  /** The lines a server prints for the client's datagrams, ports hidden, after its first. */
  serverLines(): string[] {
    return UDP_MESSAGES.map((line) =>
      `收到来自 ('127.0.0.1', PORT) 的消息: ${decodeUtf8(pythonStrip(encoder.encode(line)))}`
    );
  },
  /** A port client's whole stdout: a prompt per line, each echo (cut by the original server). */
  portClientStdout(originalServer: boolean): string {
    return udpEchoes(originalServer).map((echo) => `>> ${echo}\n`).join("") + ">> ";
  },
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
    const echoes = stdout.split(">> ").map((part) => part.replace(/\n$/, ""))
      .filter((part) => part.startsWith("服务器回显: "));
    return echoes.join("\n") === udpEchoes(originalServer).join("\n");
  },
} satisfies ChatSession & Record<string, unknown>;

/** The echo lines a correct client prints: each line stripped and uppercased, cut by the original. */
function udpEchoes(originalServer: boolean): string[] {
  const limit = originalServer ? ORIGINAL_UDP_LIMIT : Infinity;
  return UDP_MESSAGES.map((line) =>
    `服务器回显: ${decodeUtf8(asciiUpper(pythonStrip(encoder.encode(line)).subarray(0, limit)))}`
  );
}

/** Both sides of a session, once it is over. */
export interface Played {
  /** How the client ended. */
  client: Outcome;
  /** How the server ended. */
  server: Outcome;
  /** The server's stdout with ports hidden. */
  serverTranscript: string;
}

/**
 * Plays {@linkcode TCP_CHAT} between a started server and client: waits for
 * the server, types each line after the client's prompt, and waits for both
 * to end (the server ends with its one client).
 */
export async function playTcpChat(server: Spawned, client: Spawned): Promise<Played> {
  await server.waitForStdout(TCP_CHAT.ready);
  await typeLines(client, TCP_CHAT.lines);
  const clientOutcome = await client.outcome();
  return played(clientOutcome, await server.outcome());
}

/**
 * Plays {@linkcode UDP_CHAT}'s typed lines between a started server and
 * client, then runs `between` (such as a raw datagram) and stops the server
 * with SIGTERM, since a UDP server runs until told.
 */
export async function playUdpChat(
  server: Spawned,
  client: Spawned,
  between: () => Promise<void> = async () => {},
): Promise<Played> {
  await server.waitForStdout(UDP_CHAT.ready);
  await typeLines(client, UDP_CHAT.lines);
  const clientOutcome = await client.outcome();
  await between();
  server.kill("SIGTERM");
  return played(clientOutcome, await server.outcome());
}

function played(client: Outcome, server: Outcome): Played {
  return { client, server, serverTranscript: hidePorts(server.stdout) };
}
