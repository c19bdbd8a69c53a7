/**
 * The UDP echo pair in the comparison.
 *
 * @module
 */
import { freeUdpPort } from "../../tests/_helpers/net.ts";
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { concatBytes } from "../../lib/concat_bytes.ts";
import { decodeUtf8 } from "../../lib/utf8_stream_decoder.ts";
import { pythonStrip } from "../../lib/python_strip.ts";
import type { Pair, RunOptions, Session } from "./pair.ts";
import { type Program, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER: Program = {
  path: "udp/udp_server",
  permissions: (port) => [`--allow-net=0.0.0.0:${port},127.0.0.1`],
};
const CLIENT: Program = {
  path: "udp/udp_client",
  permissions: (port) => [`--allow-net=0.0.0.0:0,127.0.0.1:${port}`],
};

const encoder = new TextEncoder();
const NOT_UTF8 = new Uint8Array([0xff, 0xfe, 0x61, 0x62]);
/** The client's lines: plain text, non-ASCII text, an empty line, 2,000 bytes. */
const LINES: Uint8Array[] = [
  encoder.encode("hello"),
  encoder.encode("  你好，世界 ünïcödé  "),
  new Uint8Array(0),
  encoder.encode("x".repeat(2000)),
];
const INPUT = concatBytes([
  ...LINES.flatMap((line) => [line, encoder.encode("\n")]),
  encoder.encode("quit\n"),
]);
/** The original server's recvfrom(1024). */
const ORIGINAL_LIMIT = 1024;

/**
 * The echo lines a correct client prints with this server: each line
 * stripped and uppercased, cut to 1024 bytes by the original server.
 */
function expectedEchoes(server: Side): string[] {
  const limit = server === "python" ? ORIGINAL_LIMIT : Infinity;
  return LINES.map((line) =>
    `服务器回显: ${decodeUtf8(asciiUpper(pythonStrip(line).subarray(0, limit)))}`
  );
}

/** What a correct server prints for the client's datagrams and the raw one, whole. */
function expectedMessages(): string[] {
  return [...LINES, NOT_UTF8].map((line) => decodeUtf8(pythonStrip(line)));
}

/**
 * Sends a datagram that is not UTF-8 straight to the server (no client reads
 * such a line from its input without dying or changing it) and returns the
 * echo, or `null` if none came within a second.
 */
async function sendRaw(port: number): Promise<Uint8Array | null> {
  const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  try {
    await socket.send(NOT_UTF8, { transport: "udp", hostname: "127.0.0.1", port });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000));
    const received = socket.receive().then(([data]) => data);
    return await Promise.race([received, timeout]);
  } finally {
    socket.close();
  }
}

async function run(server: Side, client: Side, { trace }: RunOptions = {}): Promise<Session> {
  const port = freeUdpPort();
  await using serverProcess = startProgram(server, SERVER, { port, trace });
  await serverProcess.waitForStdout("UDP 服务器已启动");
  await using clientProcess = startProgram(client, CLIENT, {
    port,
    args: client === "deno" ? ["--timeout", "1"] : [],
    trace,
  });
  await clientProcess.write(INPUT);
  const clientOutcome = await clientProcess.finish();
  const rawEcho = await sendRaw(port);
  serverProcess.kill("SIGTERM");
  const serverOutcome = await serverProcess.outcome();

  const echoes = clientOutcome.stdout.split(">> ").map((part) => part.replace(/\n$/, ""))
    .filter((part) => part.startsWith("服务器回显: "));
  const messages = serverOutcome.stdout.split("\n").filter((line) => line.startsWith("收到来自 "))
    .map((line) => line.replace(/^收到来自 \(.*?\) 的消息: /, ""));
  return sessionOf([server, client], serverOutcome, clientOutcome, {
    serverOk: serverOutcome.code === 0 && messages.join("\n") === expectedMessages().join("\n") &&
      rawEcho !== null && rawEcho.join() === asciiUpper(NOT_UTF8).join(),
    clientOk: clientOutcome.code === 0 && echoes.join("\n") === expectedEchoes(server).join("\n"),
  });
}

/** The UDP echo pair: udp_server and udp_client. */
export const UDP_PAIR: Pair = {
  id: "udp",
  title: "UDP echo: udp_server / udp_client (port 8888)",
  server: SERVER,
  client: CLIENT,
  input: "plain text, non-ASCII text with surrounding spaces, an empty line (an empty datagram), " +
    "a 2,000-byte line, quit; then a datagram that is not UTF-8, sent straight to the server",
  originalFlaw: "the original server cuts the 2,000-byte datagram to 1024 bytes, dies on the one " +
    "that is not UTF-8, and runs until it is killed",
  run,
};
