/**
 * The file transfer pair in the comparison.
 *
 * @module
 */
import { freeTcpPort } from "../_harness/net.ts";
import type { Outcome, Spawned } from "../_harness/process.ts";
import { relayHeadAlone, startRelay } from "../_harness/relay.ts";
import { type Condition, NORMAL, type Pair, type RunOptions, type Session } from "./pair.ts";
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
 * waiting after a grace period (its sender died, or the relay still has
 * bytes to hand on) is stopped, not waited for.
 */
async function receiverOutcomeOf(receiver: Spawned, graceMs = 5_000): Promise<Outcome> {
  const grace = setTimeout(() => receiver.kill("SIGTERM"), graceMs);
  try {
    return await receiver.outcome();
  } finally {
    clearTimeout(grace);
  }
}

/** Resolves when the receiver prints that it is receiving the file, or after a second. */
async function headerTaken(receiver: Spawned): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const second = new Promise<void>((resolve) => timer = setTimeout(resolve, 1_000));
  await Promise.race([receiver.waitForStdout("[+] 正在接收文件").catch(() => {}), second]);
  clearTimeout(timer);
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
 * How much data `header-sliced` hands on after the header, 1 byte at a time,
 * before it closes: enough that no shorter SIZE fits the stream (cut right
 * after the header, `…<SEPARATOR>45000` would read as a 4-byte file
 * `5000`; see lib/file_header.ts).
 */
const SLICED_DATA = 100;

/** Where `cut-short` closes the connection: in the middle of the data. */
const CUT_AFTER = 20_000;

/** Why the originals' natural run is a race. */
const RACE = "file_sender.py sends the header and, at once, the data: whether " +
  "file_receiver.py's one recv(4096) returns the header alone (it works) or the header and " +
  "data together (it dies) is up to timing; header-alone and header+data show each case every time";

/** The conditions, `normal` first. */
const CONDITIONS: Condition[] = [
  {
    name: NORMAL,
    flaw: "the original receiver reads the header with one recv(4096): when the header " +
      "and the first data arrive together, as they may from the original sender, int() fails " +
      "on the size",
    lookAt: "the original receiver's first recv(4096): the header alone, or the header and data",
  },
  {
    name: "header-alone",
    paced: true,
    flaw: "none: the comparison hands the receiver the header alone, then the data, which is " +
      "what the tutorial assumes",
    whyNot: "this is the originals' happy path, paced by the comparison (no natural run gives " +
      "it every time); header+data is the other case",
    lookAt: "the receiver's first recv(), which returns the header and nothing more",
  },
  {
    name: "header+data",
    relay: ["--coalesce", "up:300"],
    flaw: "the relay hands on the header and the first data in one write: the original " +
      "receiver's one recv(4096) returns both, and int() fails on the size (粘包)",
    lookAt: "the receiver's first recv(): the header, then at once the file's first bytes",
  },
  {
    name: "header-sliced",
    relay: ["--slice", "up:1", "--cut-after", `up:${HEADER.length + SLICED_DATA}`],
    flaw: `the relay hands on the header and ${SLICED_DATA} bytes of data in 1-byte writes ` +
      "(then closes, to keep the run short): the original receiver's one recv(4096) returns " +
      "1 byte, and split() finds no <SEPARATOR> (半包); the port reads the whole header, then " +
      "says the data was cut short and keeps no file",
    lookAt: "the receiver's first recv(), which returns 1 byte: the original takes it for the " +
      "whole header",
  },
  {
    name: "cut-short",
    relay: ["--cut-after", `up:${CUT_AFTER}`],
    flaw: "the relay closes the connection after 20,000 bytes: the original receiver says " +
      "the file was received and keeps a short file; the port says it was cut short and keeps " +
      "none",
    lookAt: "the receiver's recv() that returns 0 bytes before the declared size",
  },
];

/**
 * The sender's no-argument mode, exactly the tutorial's run: my_document.pdf
 * to the receiver, under `condition`: straight (`normal`), paced by the
 * comparison (`header-alone`), or through `relay`.
 */
function run(
  server: Side,
  client: Side,
  { trace, condition, originals }: RunOptions = {},
): Promise<Session> {
  const name = condition?.name ?? NORMAL;
  return inTempDir(async (dir) => {
    const port = freeTcpPort();
    await using receiver = startProgram(server, RECEIVER, {
      port,
      cwd: dir,
      trace,
      original: originals?.[RECEIVER.name],
    });
    await receiver.waitForStdout("[*] 正在监听");
    // the data follows once the receiver says it has the header, or after a second (a receiver
    // that reads on until the data begins, as a fixed copy may, would wait for it forever)
    await using paced = name === "header-alone"
      ? relayHeadAlone(port, HEADER.length, () => headerTaken(receiver))
      : undefined;
    await using relay = condition?.relay
      ? await startRelay(port, condition.relay, { trace })
      : undefined;
    await using sender = startProgram(client, SENDER, {
      port: paced?.port ?? relay?.port ?? port,
      cwd: dir,
      trace,
      original: originals?.[SENDER.name],
    });
    const senderOutcome = await sender.outcome();
    await paced?.done;
    const receiverOutcome = await receiverOutcomeOf(receiver, relay ? 20_000 : 5_000);
    const received = await readOrNull(`${dir}/received_my_document.pdf`);
    const leftBehind = await exists(`${dir}/my_document.pdf`);
    const session = sessionOf([server, client], receiverOutcome, senderOutcome, {
      serverOk: receiverRight(name, receiverOutcome, received),
      // through the relay, whether a sender's last write fails is up to socket buffers:
      // a port's failure must still be one line, never a stack trace
      clientOk: name === NORMAL || name === "header-alone"
        ? senderOutcome.code === 0 && !leftBehind
        : client === "python" || !/\n\s+at /.test(senderOutcome.stderr),
    });
    const race = name === NORMAL && server === "python" && client === "python" &&
      originals === undefined;
    return { ...session, race: race ? RACE : undefined, relayTrace: await relay?.stop() };
  });
}

/**
 * Whether the receiver did its part under the condition `name`: the file
 * whole; or, where the relay cuts the stream, no file that looks complete
 * (and, header sliced, the header read whole all the same).
 */
function receiverRight(name: string, outcome: Outcome, received: string | null): boolean {
  const oneLine = !/Traceback|\n\s+at /.test(outcome.stderr);
  if (name === "cut-short") return received === null && oneLine;
  if (name === "header-sliced") {
    return outcome.stdout.includes("[+] 正在接收文件: my_document.pdf") && received === null &&
      oneLine;
  }
  return outcome.code === 0 && received === DOCUMENT;
}

/** A sender that writes the header and the first data in one write, as a real link delivers them. */
function runCoalesced(server: Side, { trace, originals }: RunOptions = {}): Promise<Session> {
  return inTempDir(async (dir) => {
    const port = freeTcpPort();
    await using receiver = startProgram(server, RECEIVER, {
      port,
      cwd: dir,
      trace,
      original: originals?.[RECEIVER.name],
    });
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
  title: "File transfer: file_receiver / file_sender (default port 9001)",
  server: RECEIVER,
  client: SENDER,
  input:
    "the sender's no-argument mode (the tutorial's 45,000-byte my_document.pdf); then, to each " +
    "receiver, a header and data that begins with digits in one write",
  originalFlaw: CONDITIONS[0]!.flaw,
  conditions: CONDITIONS,
  pacedReference: "header-alone",
  run,
  originalsNote: "file_receiver.py × file_sender.py: race. " + RACE +
    ". The transcripts below take theirs from header-alone.",
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
