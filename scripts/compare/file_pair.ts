/**
 * The file transfer pair in the comparison.
 *
 * @module
 */
import { freeTcpPort } from "../_harness/net.ts";
import type { Outcome, Spawned } from "../_harness/process.ts";
import { relayHeadAlone } from "../_harness/relay.ts";
import type { Pair, RunOptions, Session } from "./pair.ts";
import { programOf, type Side, startProgram } from "./sides.ts";
import { traced } from "../../lib/trace.ts";
import { parseTrace } from "../_harness/trace.ts";
import { sessionOf } from "./transcript.ts";

const RECEIVER = programOf("file_receiver");
const SENDER = programOf("file_sender");

/** What the original sender creates and sends with no argument. */
const DOCUMENT = "This is a test file for socket transmission.\n".repeat(1000);
/** The scripted peer's file: its data begins with digits, right after the size. */
const COALESCED_NAME = "notes.txt";
const COALESCED_DATA = "2026: header and data in one write\n";

/** Runs `body` in a fresh temporary folder, the receiver's and sender's working directory. */
async function inTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "socket-primer-compare-" });
  try {
    return await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Waits for the receiver to end once its sender has; a receiver still
 * waiting after a grace period (its sender died) is stopped, not waited for.
 */
async function receiverOutcomeOf(receiver: Spawned): Promise<Outcome> {
  const grace = setTimeout(() => receiver.kill("SIGTERM"), 5_000);
  try {
    return await receiver.outcome();
  } finally {
    clearTimeout(grace);
  }
}

async function readOrNull(path: string): Promise<string | null> {
  return await Deno.readTextFile(path).catch(() => null);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The header the sender's no-argument mode sends: the test file's name and size. */
const HEADER = new TextEncoder().encode(`my_document.pdf<SEPARATOR>${DOCUMENT.length}`);

/**
 * The sender's no-argument mode, exactly the tutorial's run: my_document.pdf
 * to the receiver. The two originals talk through a relay that delivers the
 * header alone, which they need and otherwise get or not by timing alone.
 */
function run(server: Side, client: Side, { trace }: RunOptions = {}): Promise<Session> {
  return inTempDir(async (dir) => {
    const port = freeTcpPort();
    await using receiver = startProgram(server, RECEIVER, { port, cwd: dir, trace });
    await receiver.waitForStdout("[*] 正在监听");
    const originals = server === "python" && client === "python";
    await using relay = originals
      ? relayHeadAlone(port, HEADER.length, () => receiver.waitForStdout("[+] 正在接收文件"))
      : undefined;
    await using sender = startProgram(client, SENDER, {
      port: relay?.port ?? port,
      cwd: dir,
      trace,
    });
    const senderOutcome = await sender.outcome();
    await relay?.done;
    const receiverOutcome = await receiverOutcomeOf(receiver);
    const received = await readOrNull(`${dir}/received_my_document.pdf`);
    const leftBehind = await exists(`${dir}/my_document.pdf`);
    return sessionOf([server, client], receiverOutcome, senderOutcome, {
      serverOk: receiverOutcome.code === 0 && received === DOCUMENT,
      clientOk: senderOutcome.code === 0 && !leftBehind,
    });
  });
}

/** A sender that writes the header and the first data in one write, as a real link delivers them. */
function runCoalesced(server: Side, { trace }: RunOptions = {}): Promise<Session> {
  return inTempDir(async (dir) => {
    const port = freeTcpPort();
    await using receiver = startProgram(server, RECEIVER, { port, cwd: dir, trace });
    await receiver.waitForStdout("[*] 正在监听");
    const data = new TextEncoder().encode(COALESCED_DATA);
    const lines: string[] = []; // the scripted sender's own trace, when traced
    {
      const options = trace ? { write: (line: string) => lines.push(line) } : false;
      using conn = traced(await Deno.connect({ hostname: "127.0.0.1", port }), options);
      await conn.write(
        new TextEncoder().encode(`${COALESCED_NAME}<SEPARATOR>${data.length}${COALESCED_DATA}`),
      );
    }
    const receiverOutcome = await receiverOutcomeOf(receiver);
    const received = await readOrNull(`${dir}/received_${COALESCED_NAME}`);
    return {
      ...sessionOf([server, "scripted"], receiverOutcome, null, {
        serverOk: receiverOutcome.code === 0 && received === COALESCED_DATA,
        clientOk: true,
      }),
      clientTrace: parseTrace(lines.join("\n")),
    };
  });
}

/** The file transfer pair: file_receiver (the server) and file_sender (the client). */
export const FILE_PAIR: Pair = {
  id: "file",
  title: "File transfer: file_receiver / file_sender (port 9001)",
  server: RECEIVER,
  client: SENDER,
  input:
    "the sender's no-argument mode (the tutorial's 45,000-byte my_document.pdf); then, to each " +
    "receiver, a header and data that begins with digits in one write",
  originalFlaw: "the original receiver reads the header with one recv(4096): when the header " +
    "and the first data arrive together, as they may from the original sender, int() fails on the " +
    "size",
  run,
  originalsNote: "file_receiver.py × file_sender.py run through a relay that delivers the " +
    "header alone, which the originals need to work together and otherwise get or not by " +
    "timing; the scripted column shows the other case",
  known: {
    server: [
      {
        phrase: "a summary on stderr",
        port: /^\[stderr\] \[=\] SHA-256 [0-9a-f]{64} {2}received_/,
      },
      {
        // With the header and data in one read, the original dies where the port goes on.
        phrase: "the header is whatever one `recv(4096)` returns",
        original: /^(\[stderr\] ValueError: invalid literal for int\(\) .*|\[exit 1\])$/,
        port: /^\[\+\] (正在接收文件: .*|文件接收完毕。)$/,
      },
    ],
    client: [
      {
        phrase: "a summary on stderr",
        port: /^\[stderr\] \[=\] SHA-256 [0-9a-f]{64} {2}my_document/,
      },
      {
        // When the original receiver dies on a joined header, the original sender's write fails.
        phrase: "the header and data often arrive in one read",
        original: /^(\[stderr\] (BrokenPipeError|ConnectionResetError): .*|\[exit 1\])$/,
      },
    ],
  },
  scriptedClient: { label: "header+data in one write", run: runCoalesced },
};
