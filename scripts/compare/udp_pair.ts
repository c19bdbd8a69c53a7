/**
 * The UDP echo pair in the comparison.
 *
 * @module
 */
import { typeLines } from "../_harness/chat.ts";
import { freeUdpPort } from "../_harness/net.ts";
import { startRelay } from "../_harness/relay.ts";
import { NOT_UTF8, playUdpChat, UDP_CHAT } from "../_harness/sessions.ts";
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { pythonStrip } from "../../lib/python_strip.ts";
import { decodeUtf8 } from "../../lib/utf8_stream_decoder.ts";
import { type Condition, NORMAL, type Pair, type RunOptions, type Session } from "./pair.ts";
import { programOf, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER = programOf("udp_server");
const CLIENT = programOf("udp_client");

/**
 * How long a client may take under a condition, from its first prompt,
 * before the comparison ends it: a client still waiting then hung (the
 * original waits for a lost reply forever), which counts as its flaw. A run
 * that does not hang ends in about 1 s under `lost-reply` (the port's 1 s
 * timeout, then one echo) and 3 s under `late-reply` (two replies 1.5 s late).
 */
const HANG_MS = { "lost-reply": 4_000, other: 15_000 };

/**
 * A condition with the lines typed into the client and, for each line
 * before `quit`, whether its echo must be printed (`false`: it may be left
 * out, as the port does when the reply is lost or late, but never printed
 * as another line's).
 */
type UdpCondition = Condition & { lines?: string[]; mustEcho?: boolean[] };

/** The conditions, `normal` first. */
const CONDITIONS: UdpCondition[] = [
  {
    name: NORMAL,
    flaw: "the original server cuts the 2,000-byte datagram to 1024 bytes, dies on the one " +
      "that is not UTF-8, and runs until it is killed",
    lookAt: "the original server's recvfrom(1024) of the 2,000-byte datagram",
  },
  {
    name: "lost-reply",
    relay: ["--drop", "down:1"],
    lines: ["hello", "world", "quit"],
    mustEcho: [false, true],
    flaw: "the relay drops the first reply: the original client waits for it forever (the " +
      "comparison ends it), the port gives up after its --timeout and goes on",
    lookAt: "the first reply, which the relay drops, and the original client's recvfrom() that " +
      "never returns",
  },
  {
    name: "duplicated-reply",
    relay: ["--duplicate", "down:1"],
    lines: ["hello", "world", "quit"],
    mustEcho: [true, true],
    flaw: "the relay sends the first reply twice: the original client prints the copy as the " +
      "echo of the next line; the port drops it",
    lookAt: "the second HELLO, which the original client's next recvfrom() returns after it " +
      "sends world",
  },
  {
    name: "late-reply",
    relay: ["--delay", "down:1500"],
    lines: ["hello", "world", "quit"],
    mustEcho: [false, false],
    flaw: "every reply comes 1.5 s late, after the port's 1 s --timeout: the port must never " +
      "print the late HELLO as the echo of world",
    whyNot: "the original client has no timeout: it waits as long as a reply takes, so each " +
      "late reply is still printed after its own line",
    lookAt: "the late HELLO, which arrives while the port waits for the echo of world, and " +
      "which it drops",
  },
  {
    name: "long-reply",
    lines: ["x".repeat(1500), "quit"],
    mustEcho: [true],
    flaw: "a 1,500-byte line: the original server's recvfrom(1024) cuts the datagram, and the " +
      "original client's recvfrom(1024) cuts the 1,500-byte reply of a port server",
    lookAt: "the recvfrom(1024) of either original, which returns 1024 of the 1,500 bytes",
  },
];

/** The messages a server printed, in order, address left out. */
function printedMessages(serverStdout: string): string[] {
  return serverStdout.split("\n").filter((line) => line.startsWith("收到来自 "))
    .map((line) => line.replace(/^收到来自 \(.*?\) 的消息: /, ""));
}

/**
 * Whether the client printed, after each line, its own echo (the message
 * as the server printed it, uppercased: an original server cuts a long
 * one) or, where `mustEcho` allows, nothing: never another line's echo.
 */
function echoesRight(
  stdout: string,
  lines: string[],
  mustEcho: boolean[],
  serverStdout: string,
): boolean {
  const encoder = new TextEncoder();
  const received = printedMessages(serverStdout);
  const parts = stdout.split(">> ").slice(1); // parts[i]: what came after line i was typed
  return lines.slice(0, lines.indexOf("quit")).every((line, i) => {
    const message = received[i] ?? line;
    const echo = `服务器回显: ${decodeUtf8(asciiUpper(encoder.encode(message)))}`;
    const printed = (parts[i] ?? "").split("\n").filter((text) => text.startsWith("服务器回显: "));
    return printed.length === 0 ? !mustEcho[i] : printed.length === 1 && printed[0] === echo;
  });
}

/**
 * Whether the server printed each datagram it got whole, in order: the
 * lines the client sent, or the first of them when the client hung.
 */
function datagramsWhole(stdout: string, lines: string[]): boolean {
  const encoder = new TextEncoder();
  const messages = printedMessages(stdout);
  const sent = lines.slice(0, lines.indexOf("quit"))
    .map((line) => decodeUtf8(pythonStrip(encoder.encode(line))));
  return messages.length > 0 && messages.every((message, i) => message === sent[i]);
}

/** Runs a condition's lines: through the relay if it has one, the client ended if it hangs. */
async function runCondition(
  server: Side,
  client: Side,
  condition: UdpCondition,
  { trace, originals }: RunOptions,
): Promise<Session> {
  const port = freeUdpPort();
  await using serverProcess = startProgram(server, SERVER, {
    port,
    trace,
    original: originals?.[SERVER.name],
  });
  await serverProcess.waitForStdout(UDP_CHAT.ready);
  await using relay = condition.relay
    ? await startRelay(port, condition.relay, { udp: true, trace })
    : null;
  await using clientProcess = startProgram(client, CLIENT, {
    port: relay?.port ?? port,
    args: client === "python" ? [] : ["--timeout", "1"],
    trace,
    original: originals?.[CLIENT.name],
  });
  let hung = false;
  const hangMs = condition.name === "lost-reply" ? HANG_MS["lost-reply"] : HANG_MS.other;
  await clientProcess.waitForStdout(">> ");
  const limit = setTimeout(() => {
    hung = true;
    clientProcess.kill("SIGKILL");
  }, hangMs);
  await typeLines(clientProcess, condition.lines!);
  const clientOutcome = await clientProcess.outcome().finally(() => clearTimeout(limit));
  serverProcess.kill("SIGTERM");
  const serverOutcome = await serverProcess.outcome();
  const session = sessionOf([server, client], serverOutcome, clientOutcome, {
    serverOk: datagramsWhole(serverOutcome.stdout, condition.lines!),
    clientOk: !hung && clientOutcome.code === 0 &&
      echoesRight(
        clientOutcome.stdout,
        condition.lines!,
        condition.mustEcho!,
        serverOutcome.stdout,
      ),
  });
  if (hung) {
    session.clientTranscript += `\n[hung: the comparison ended it after ${hangMs / 1000} s]`;
  }
  return { ...session, relayTrace: await relay?.stop() };
}

/**
 * Sends a datagram that is not UTF-8 straight to the server (no client reads
 * such a line from its input without dying or changing it) and returns the
 * echo, or `null` if none came within a second.
 */
async function sendRaw(port: number): Promise<Uint8Array | null> {
  const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await socket.send(NOT_UTF8, { transport: "udp", hostname: "127.0.0.1", port });
    const timeout = new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), 1000));
    const received = socket.receive().then(([data]) => data, () => null);
    return await Promise.race([received, timeout]);
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}

async function run(server: Side, client: Side, options: RunOptions = {}): Promise<Session> {
  const { trace, condition, originals } = options;
  if (condition && condition.name !== NORMAL) {
    return await runCondition(server, client, condition, options);
  }
  const port = freeUdpPort();
  await using serverProcess = startProgram(server, SERVER, {
    port,
    trace,
    original: originals?.[SERVER.name],
  });
  await serverProcess.waitForStdout(UDP_CHAT.ready);
  await using clientProcess = startProgram(client, CLIENT, {
    port,
    args: client === "python" ? [] : ["--timeout", "1"],
    trace,
    original: originals?.[CLIENT.name],
  });
  let rawEcho: Uint8Array | null = null;
  const played = await playUdpChat(serverProcess, clientProcess, async () => {
    rawEcho = await sendRaw(port);
  });
  const [serverOutcome, clientOutcome] = [played.server, played.client];
  return sessionOf([server, client], serverOutcome, clientOutcome, {
    serverOk: serverOutcome.code === 0 && UDP_CHAT.serverReceivedAll(serverOutcome.stdout) &&
      (rawEcho as Uint8Array | null)?.join() === asciiUpper(NOT_UTF8).join(),
    clientOk: clientOutcome.code === 0 &&
      UDP_CHAT.clientEchoesRight(clientOutcome.stdout, server === "python"),
  });
}

/** The UDP echo pair: udp_server and udp_client. */
export const UDP_PAIR: Pair = {
  id: "udp",
  title: "UDP echo: udp_server / udp_client (default port 8888)",
  server: SERVER,
  client: CLIENT,
  input: UDP_CHAT.description,
  originalFlaw: CONDITIONS[0]!.flaw,
  conditions: CONDITIONS,
  known: {
    server: [
      {
        phrase: "`recvfrom(1024)`: a longer datagram",
        original: /的消息: x+$/,
        port: /的消息: x+$/,
      },
      {
        phrase: "crashes on a datagram that is not UTF-8",
        original: /^(\[stderr\] UnicodeDecodeError: .*|\[exit 1\])$/,
        port: /的消息: \uFFFD\uFFFDab$/,
      },
      {
        phrase: "SIGTERM kills it mid-loop",
        original: /^\[exit -?\d+\]$/,
        port: /^\[stderr\] UDP 服务器已关闭$/,
      },
    ],
    client: [
      {
        phrase: "`recvfrom(1024)` cuts a reply",
        original: /^服务器回显: X+$/,
        port: /^服务器回显: X+$/,
      },
    ],
  },
  run,
};
