/**
 * The TCP chat pair in the comparison.
 *
 * @module
 */
import { freeTcpPort } from "../../tests/_helpers/net.ts";
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { decodeUtf8 } from "../../lib/utf8_stream_decoder.ts";
import type { Pair, RunOptions, Session } from "./pair.ts";
import { type Program, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER: Program = {
  path: "tcp/tcp_server",
  permissions: (port) => [`--allow-net=0.0.0.0:${port}`],
};
const CLIENT: Program = {
  path: "tcp/tcp_client",
  permissions: (port) => [`--allow-net=127.0.0.1:${port}`],
};

/** Plain text, non-ASCII text, an empty line, a message over 1024 bytes. */
const MESSAGES = ["hello", "  你好，世界 ünïcödé  ", "", `${"a".repeat(1100)}!`, "bye"];
const INPUT = [...MESSAGES, "quit"].join("\n") + "\n";

/** What the client sends: each message stripped, the empty one skipped. */
function sentMessages(): string[] {
  return MESSAGES.map((message) => message.trim()).filter((message) => message !== "");
}

/** The replies a correct client prints: each message sent, uppercased, whole. */
function expectedReplies(): string[] {
  const encoder = new TextEncoder();
  return sentMessages().map((message) =>
    `服务器响应: ${decodeUtf8(asciiUpper(encoder.encode(message)))}`
  );
}

async function run(server: Side, client: Side, { trace }: RunOptions = {}): Promise<Session> {
  const port = freeTcpPort();
  await using serverProcess = startProgram(server, SERVER, { port, trace });
  await serverProcess.waitForStdout("服务器已启动");
  await using clientProcess = startProgram(client, CLIENT, { port, trace });
  await clientProcess.write(INPUT);
  const clientOutcome = await clientProcess.finish();
  const serverOutcome = await serverProcess.outcome();
  const replies = clientOutcome.stdout.split(">> ").map((part) => part.trimEnd())
    .filter((part) => part.startsWith("服务器响应: "));
  const received = serverOutcome.stdout.split("\n").filter((line) => line.startsWith("收到消息: "))
    .map((line) => line.slice("收到消息: ".length)).join("");
  return sessionOf([server, client], serverOutcome, clientOutcome, {
    serverOk: serverOutcome.code === 0 && received === sentMessages().join(""),
    clientOk: clientOutcome.code === 0 && replies.join("\n") === expectedReplies().join("\n"),
  });
}

/** The TCP chat pair: tcp_server and tcp_client. */
export const TCP_PAIR: Pair = {
  id: "tcp",
  title: "TCP chat: tcp_server / tcp_client (port 8080)",
  server: SERVER,
  client: CLIENT,
  input:
    "plain text, non-ASCII text with surrounding spaces, an empty line, a 1,101-byte message, quit",
  originalFlaw: "the original client's single recv(1024) cuts the 1,101-byte reply",
  run,
};
