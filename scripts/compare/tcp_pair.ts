/**
 * The TCP chat pair in the comparison, and its conditions.
 *
 * @module
 */
import { freeTcpPort } from "../_harness/net.ts";
import { typeLines } from "../_harness/chat.ts";
import { startRelay } from "../_harness/relay.ts";
import { playTcpChat, TCP_CHAT } from "../_harness/sessions.ts";
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { pythonStrip } from "../../lib/python_strip.ts";
import { decodeUtf8 } from "../../lib/utf8_stream_decoder.ts";
import { type Condition, NORMAL, type Pair, type RunOptions, type Session } from "./pair.ts";
import { programOf, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER = programOf("tcp_server");
const CLIENT = programOf("tcp_client");

/** The 1,101-byte line of the normal run. */
const LONG = `${"a".repeat(1100)}!`;

/** The conditions, `normal` first: each with the lines typed into the client. */
const CONDITIONS: (Condition & { lines?: string[] })[] = [
  {
    name: NORMAL,
    flaw: "the original client's single recv(1024) cuts the 1,101-byte reply",
    lookAt: "the original client's one recv(1024) for the 1,101-byte reply",
  },
  {
    name: "sliced-echo",
    relay: ["--slice", "down:3"],
    lines: ["hello", "world", "quit"],
    flaw: "the original client prints the first piece of an echo as its reply (半包), and the " +
      "rest as the next line's",
    lookAt: "the relay hands each echo on in 3-byte writes: the original client's one recv() " +
      "returns the first, the port reads until it has as many bytes as it sent",
  },
  {
    name: "coalesced",
    relay: ["--coalesce", "up:400"],
    lines: [LONG, "bye", "see you", "quit"],
    flaw: "once its cut reply leaves the rest of the echo unread, the original client sends " +
      "two lines at once, and the original server reads them as one message (粘包)",
    lookAt: "the relay's one write of two lines, which the original server's one recv() " +
      "returns and prints as one message",
  },
  {
    name: "long-then-short",
    relay: ["--slice", "up:1024"],
    lines: [LONG, "bye", "quit"],
    flaw: "the original client prints the first 1,024 bytes of the long echo, then the rest of " +
      "it as the echo of bye",
    lookAt: "the original client's recv(1024) after it sends bye: it returns what was left of " +
      "the long echo",
  },
];

/** The messages a client sends for `lines`: each stripped, empty ones skipped, until `quit`. */
function sent(lines: string[]): Uint8Array[] {
  const encoder = new TextEncoder();
  return lines.slice(0, lines.indexOf("quit")).map((line) => pythonStrip(encoder.encode(line)))
    .filter((message) => message.length > 0);
}

/** The reply a correct client prints for each message it sends, in order. */
function replies(lines: string[]): string[] {
  return sent(lines).map((message) => `服务器响应: ${decodeUtf8(asciiUpper(message))}`);
}

/** Whether the client printed exactly the right reply after each of `lines`. */
function repliesRight(stdout: string, lines: string[]): boolean {
  const printed = stdout.split(">> ").map((part) => part.trimEnd())
    .filter((part) => part.startsWith("服务器响应: "));
  return printed.join("\n") === replies(lines).join("\n");
}

/** Whether the server received every byte sent, in order (TCP keeps no message borders). */
function receivedAll(stdout: string, lines: string[]): boolean {
  const received = stdout.split("\n").filter((line) => line.startsWith("收到消息: "))
    .map((line) => line.slice("收到消息: ".length)).join("");
  return received === sent(lines).map(decodeUtf8).join("");
}

async function run(
  server: Side,
  client: Side,
  { trace, condition, originals }: RunOptions = {},
): Promise<Session> {
  const port = freeTcpPort();
  await using serverProcess = startProgram(server, SERVER, {
    port,
    trace,
    original: originals?.[SERVER.name],
  });
  await serverProcess.waitForStdout(TCP_CHAT.ready);
  await using relay = condition?.relay ? await startRelay(port, condition.relay, { trace }) : null;
  await using clientProcess = startProgram(client, CLIENT, {
    port: relay?.port ?? port,
    trace,
    original: originals?.[CLIENT.name],
  });
  const lines = (condition as { lines?: string[] } | undefined)?.lines;
  if (lines === undefined) {
    const played = await playTcpChat(serverProcess, clientProcess);
    return sessionOf([server, client], played.server, played.client, {
      serverOk: played.server.code === 0 && TCP_CHAT.serverReceivedAll(played.server.stdout),
      clientOk: played.client.code === 0 && TCP_CHAT.clientRepliesRight(played.client.stdout),
    });
  }
  await typeLines(clientProcess, lines);
  const clientOutcome = await clientProcess.outcome();
  const serverOutcome = await serverProcess.outcome();
  return {
    ...sessionOf([server, client], serverOutcome, clientOutcome, {
      serverOk: serverOutcome.code === 0 && receivedAll(serverOutcome.stdout, lines),
      clientOk: clientOutcome.code === 0 && repliesRight(clientOutcome.stdout, lines),
    }),
    relayTrace: await relay?.stop(),
  };
}

/** The TCP chat pair: tcp_server and tcp_client. */
export const TCP_PAIR: Pair = {
  id: "tcp",
  title: "TCP chat: tcp_server / tcp_client (default port 8080)",
  server: SERVER,
  client: CLIENT,
  input: TCP_CHAT.description,
  originalFlaw: CONDITIONS[0]!.flaw,
  conditions: CONDITIONS,
  known: {
    server: [
      // The original prints the 1,101-byte message as two reads; the port as one.
      {
        phrase: "`recv(1024)`: a long message",
        original: /^收到消息: a+!?$/,
        port: /^收到消息: a+!$/,
      },
    ],
    client: [
      // The original's reply is cut at 1024 bytes.
      {
        phrase: "one `recv(1024)` per reply",
        original: /^服务器响应: A+$/,
        port: /^服务器响应: A+!$/,
      },
    ],
  },
  run,
};
