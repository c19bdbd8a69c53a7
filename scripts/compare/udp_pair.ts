/**
 * The UDP echo pair in the comparison.
 *
 * @module
 */
import { freeUdpPort } from "../_harness/net.ts";
import { NOT_UTF8, playUdpChat, UDP_CHAT } from "../_harness/sessions.ts";
import { asciiUpper } from "../../lib/ascii_upper.ts";
import type { Pair, RunOptions, Session } from "./pair.ts";
import { programOf, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER = programOf("udp_server");
const CLIENT = programOf("udp_client");

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

async function run(server: Side, client: Side, { trace }: RunOptions = {}): Promise<Session> {
  const port = freeUdpPort();
  await using serverProcess = startProgram(server, SERVER, { port, trace });
  await serverProcess.waitForStdout(UDP_CHAT.ready);
  await using clientProcess = startProgram(client, CLIENT, {
    port,
    args: client === "python" ? [] : ["--timeout", "1"],
    trace,
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
  title: "UDP echo: udp_server / udp_client (port 8888)",
  server: SERVER,
  client: CLIENT,
  input: UDP_CHAT.description,
  originalFlaw: "the original server cuts the 2,000-byte datagram to 1024 bytes, dies on the one " +
    "that is not UTF-8, and runs until it is killed",
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
