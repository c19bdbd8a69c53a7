/**
 * End-to-end tests of the file transfer pair: the Deno scripts against each
 * other and against the Python reference programs, and the Deno receiver
 * against hand-made senders (coalesced header and data, bad headers, hostile
 * names, short and overlong transfers). Every run happens in a temporary
 * directory, on loopback, on a free port.
 */
import { permissionsFor, program } from "../scripts/programs.ts";
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import { concatBytes } from "../lib/concat_bytes.ts";
import { encodeFileHeader } from "../lib/file_header.ts";
import { Sha256 } from "../lib/sha256.ts";
import { writeAll } from "../lib/write_all.ts";
import { ROOT, spawnDeno, type Spawned, spawnPython } from "../scripts/_harness/process.ts";
import { permissionTest } from "./_helpers/permissions.ts";
import { listDir, tempDir } from "./_helpers/files.ts";
import { freeTcpPort, hidePorts } from "../scripts/_harness/net.ts";
import { bytesOf, opsOf, traceOf, withoutTrace } from "./_helpers/trace.ts";
import { tmpfs, tmpfsTest } from "./_helpers/tmpfs.ts";

const encoder = new TextEncoder();
const SENDER = `${ROOT}filetransfer/file_sender.ts`;
const RECEIVER = `${ROOT}filetransfer/file_receiver.ts`;
const PY_SENDER = `${ROOT}filetransfer/file_sender.py`;
const PY_RECEIVER = `${ROOT}filetransfer/file_receiver.py`;
const TEST_TEXT = "This is a test file for socket transmission.\n".repeat(1000);
const LISTENING = "[*] 正在监听";

function sha256(bytes: Uint8Array): string {
  return new Sha256().update(bytes).hex();
}

/** The Deno receiver with exactly its documented permissions (the port aside). */
async function denoReceiver(cwd: string, port: number, args: string[] = []): Promise<Spawned> {
  const receiver = spawnDeno(
    RECEIVER,
    permissionsFor(program("file_receiver"), { port }),
    ["--port", String(port), ...args],
    { cwd },
  );
  await receiver.waitForStdout(LISTENING);
  return receiver;
}

async function pythonReceiver(cwd: string, port: number): Promise<Spawned> {
  const receiver = spawnPython(PY_RECEIVER, [String(port)], { cwd });
  await receiver.waitForStdout(LISTENING);
  return receiver;
}

/** The Deno sender's no-argument mode, with exactly its documented permissions. */
function denoSender(cwd: string, port: number, args: string[] = []): Spawned {
  return spawnDeno(
    SENDER,
    permissionsFor(program("file_sender"), { port }),
    ["--port", String(port), ...args],
    { cwd },
  );
}

/** The Deno sender sending a given file, with only read access to that file. */
function denoSenderOf(cwd: string, port: number, path: string, args: string[] = []): Spawned {
  return spawnDeno(
    SENDER,
    [`--allow-net=127.0.0.1:${port}`, `--allow-read=${path}`],
    ["--port", String(port), ...args, path],
    { cwd },
  );
}

/** Connects, writes each piece (one write per piece, no Nagle delay), and closes. */
async function rawSend(port: number, ...pieces: (string | Uint8Array)[]): Promise<void> {
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  for (const piece of pieces) {
    await writeAll(conn, typeof piece === "string" ? encoder.encode(piece) : piece);
  }
}

function receiverTranscript(port: number, name: string | null, done = true): string {
  const lines = [`[*] 正在监听 0.0.0.0:${port}`, "[+] ('127.0.0.1', PORT) 已连接。"];
  if (name !== null) lines.push(`[+] 正在接收文件: ${name}`);
  if (done) lines.push("[+] 文件接收完毕。");
  return lines.join("\n") + "\n";
}

function senderTranscript(port: number, name: string): string {
  return [
    `[+] 正在连接到 127.0.0.1:${port}`,
    "[+] 连接成功。",
    `[+] 正在发送文件: ${name}`,
    "[+] 文件发送完毕。",
    "",
  ].join("\n");
}

/** The summary lines on stderr: bytes, time, rate, then the SHA-256 and the file name. */
function summary(stderr: string): { bytes: number; sha256: string; name: string } {
  const match = stderr.match(
    /^\[=\] (\d+) bytes in \d+\.\d{3} s \(\d+\.\d\d MB\/s\)\n\[=\] SHA-256 ([0-9a-f]{64}) {2}(.+)\n$/,
  );
  assert(match, `unexpected stderr: ${JSON.stringify(stderr)}`);
  return { bytes: Number(match[1]), sha256: match[2]!, name: match[3]! };
}

Deno.test("Deno sender to Deno receiver: the original's lines, the file, matching SHA-256s, no my_document.pdf left", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(receiverDir.path, port);
  await using sender = denoSender(senderDir.path, port);
  const s = await sender.outcome();
  const r = await receiver.outcome();

  assertEquals([s.code, r.code], [0, 0], s.stderr + r.stderr);
  assertEquals(s.stdout, senderTranscript(port, "my_document.pdf"));
  assertEquals(hidePorts(r.stdout), receiverTranscript(port, "my_document.pdf"));
  const received = await Deno.readFile(`${receiverDir.path}/received_my_document.pdf`);
  assertEquals(new TextDecoder().decode(received), TEST_TEXT);
  assertEquals(received.length, 45_000);
  const expected = sha256(received);
  assertEquals(summary(s.stderr), { bytes: 45_000, sha256: expected, name: "my_document.pdf" });
  assertEquals(summary(r.stderr), {
    bytes: 45_000,
    sha256: expected,
    name: "received_my_document.pdf",
  });
  assertEquals(await listDir(senderDir.path), []);
  assertEquals(await listDir(receiverDir.path), ["received_my_document.pdf"]);
});

Deno.test("Python sender to Deno receiver: the file arrives whole however the header and data arrive", async () => {
  for (let run = 0; run < 5; run++) {
    await using senderDir = await tempDir();
    await using receiverDir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await denoReceiver(receiverDir.path, port);
    await using sender = spawnPython(PY_SENDER, [String(port)], { cwd: senderDir.path });
    const s = await sender.outcome();
    const r = await receiver.outcome();
    assertEquals([s.code, r.code], [0, 0], r.stderr);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, "my_document.pdf"));
    assertEquals(
      await Deno.readTextFile(`${receiverDir.path}/received_my_document.pdf`),
      TEST_TEXT,
    );
    assertEquals(await listDir(receiverDir.path), ["received_my_document.pdf"]);
  }
});

Deno.test("Deno sender to Python receiver: 30 runs in a row, every one byte-identical", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  for (let run = 1; run <= 30; run++) {
    const port = freeTcpPort();
    await using receiver = await pythonReceiver(receiverDir.path, port);
    await using sender = denoSender(senderDir.path, port);
    const s = await sender.outcome();
    const r = await receiver.outcome();
    assertEquals([run, s.code, r.code], [run, 0, 0], `run ${run}: ${r.stderr}`);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, "my_document.pdf"));
    // the original receiver's close reads as "kept": the sender's lines are as with the Deno one
    assertEquals(s.stdout, senderTranscript(port, "my_document.pdf"));
    assertEquals(summary(s.stderr).bytes, 45_000);
    const path = `${receiverDir.path}/received_my_document.pdf`;
    assertEquals(await Deno.readTextFile(path), TEST_TEXT, `run ${run}`);
    await Deno.remove(path);
  }
  assertEquals(await listDir(senderDir.path), []);
});

Deno.test("Deno sender to Python receiver: a binary file whose data begins with digits", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const data = new Uint8Array(200_000);
  crypto.getRandomValues(data.subarray(0, 65536));
  crypto.getRandomValues(data.subarray(65536, 131072));
  data.set(encoder.encode("2024,12,31\n"));
  await Deno.writeFile(`${senderDir.path}/numbers.csv`, data);
  const port = freeTcpPort();
  await using receiver = await pythonReceiver(receiverDir.path, port);
  await using sender = denoSenderOf(senderDir.path, port, "numbers.csv");
  assertEquals((await sender.outcome()).code, 0);
  assertEquals((await receiver.outcome()).code, 0);
  assertEquals(await Deno.readFile(`${receiverDir.path}/received_numbers.csv`), data);
});

Deno.test("Deno receiver's transcript equals the Python receiver's line by line", async () => {
  const transcripts: string[] = [];
  for (const start of [denoReceiver, pythonReceiver]) {
    await using senderDir = await tempDir();
    await using receiverDir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await start(receiverDir.path, port);
    await using sender = denoSender(senderDir.path, port);
    assertEquals((await sender.outcome()).code, 0);
    const r = await receiver.outcome();
    assertEquals(r.code, 0);
    transcripts.push(hidePorts(r.stdout).replace(`:${port}\n`, ":PORT\n"));
  }
  assertEquals(transcripts[0]!.split("\n"), transcripts[1]!.split("\n"));
  assertEquals(transcripts[0]!.split("\n").length, 5);
});

Deno.test("A 100 MiB random file arrives byte-identical, sent with read access to it alone", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const path = `${senderDir.path}/random.bin`;
  const hash = new Sha256();
  {
    using file = await Deno.open(path, { write: true, createNew: true });
    const chunk = new Uint8Array(65536);
    for (let i = 0; i < 1600; i++) { // 1600 x 64 KiB = 100 MiB
      crypto.getRandomValues(chunk);
      hash.update(chunk);
      await writeAll(file, chunk);
    }
  }
  const expected = hash.hex();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(receiverDir.path, port);
  await using sender = denoSenderOf(senderDir.path, port, path, ["--pause", "0"]);
  const s = await sender.outcome();
  const r = await receiver.outcome();
  assertEquals([s.code, r.code], [0, 0], s.stderr + r.stderr);
  const received = `${receiverDir.path}/received_random.bin`;
  assertEquals((await Deno.stat(received)).size, 100 * 1024 * 1024);
  {
    using file = await Deno.open(received);
    assertEquals(await Sha256.ofFile(file), expected);
  }
  assertEquals(summary(s.stderr).sha256, expected);
  assertEquals(summary(r.stderr).sha256, expected);
});

Deno.test("Deno receiver parses header and data sent in one write, data beginning with digits", async () => {
  const cases: [string, Uint8Array][] = [
    ["digits.txt", encoder.encode("12345 apples and 678 pears\n")],
    ["all_digits.txt", encoder.encode("9".repeat(40))],
    ["empty.txt", new Uint8Array(0)],
    ["binary.bin", Uint8Array.from({ length: 70_000 }, (_, i) => i === 0 ? 0x37 : (i * 13) % 256)],
  ];
  for (const [name, data] of cases) {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await denoReceiver(dir.path, port);
    const all = new Uint8Array(encodeFileHeader(name, data.length).length + data.length);
    all.set(encodeFileHeader(name, data.length));
    all.set(data, all.length - data.length);
    await rawSend(port, all);
    const r = await receiver.outcome();
    assertEquals(r.code, 0, `${name}: ${r.stderr}`);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, name));
    assertEquals(await Deno.readFile(`${dir.path}/received_${name}`), data, name);
    // data that begins with a digit: the bytes also read as a longer SIZE cut short; said once
    const [warning, ...rest] = r.stderr.split("\n");
    const warned = warning!.startsWith(`Warning: took SIZE ${data.length} from the digits `);
    assertEquals(warned, data.length > 0 && data[0]! >= 0x30 && data[0]! <= 0x39, r.stderr);
    assertEquals(summary(warned ? rest.join("\n") : r.stderr).sha256, sha256(data));
    assertEquals(await listDir(dir.path), [`received_${name}`]);
  }
});

Deno.test("Deno receiver parses a header cut into pieces across many reads", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port);
  const data = encoder.encode("31 flavours");
  // the header dribbles in; the pauses let each piece arrive as its own read
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  // "1" then "1": the first read ends inside SIZE, so the receiver first guesses SIZE 1
  for (const piece of ["a.t", "xt<SEP", "ARATOR>", "1", "1", "31 fl", "avours"]) {
    await conn.write(encoder.encode(piece));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  conn.close();
  const r = await receiver.outcome();
  assertEquals(r.code, 0, r.stderr);
  assertEquals(await Deno.readFile(`${dir.path}/received_a.txt`), data);
});

/**
 * Each bad stream: the one line the receiver prints, the name it names (once
 * the name has passed its checks), and whether it got as far as printing
 * "正在接收文件" (only once name and size were read, as in the original).
 */
const BAD_INPUTS: {
  what: string;
  stream: (string | Uint8Array)[];
  error: string;
  receiving?: true;
  name?: string;
  args?: string[];
}[] = [
  {
    what: "nothing at all",
    stream: [],
    error: "the sender closed the connection without sending anything",
  },
  {
    what: "a missing separator",
    stream: ["my_document.pdf45000This is"],
    error: "the sender closed the connection before <SEPARATOR>",
  },
  {
    what: "a header over 4096 bytes without a separator",
    stream: ["x".repeat(5000)],
    error: "no <SEPARATOR> in the first 4107 bytes",
  },
  {
    what: "a size that is not a number",
    stream: ["a.txt<SEPARATOR>abc"],
    error: "the declared size is not a number",
    name: "a.txt",
  },
  {
    what: "a negative size",
    stream: ["a.txt<SEPARATOR>-45000This is"],
    error: "the declared size is negative",
    name: "a.txt",
  },
  {
    what: "an absurd size",
    stream: ["a.txt<SEPARATOR>" + "9".repeat(30)],
    error: "the declared size has more than 20 digits",
    name: "a.txt",
    receiving: true,
  },
  {
    what: "a 23-digit size followed by data",
    stream: ["a.txt<SEPARATOR>" + "9".repeat(23), "abcdefghijklmnop"],
    error: "the declared size has more than 20 digits",
    name: "a.txt",
    receiving: true,
  },
  {
    what: "a size over --max-size followed by data",
    stream: ["a.txt<SEPARATOR>45000", "abcdefghijklmnop"],
    error: "the declared size 45000 is over the limit of 1000 bytes",
    name: "a.txt",
    receiving: true,
    args: ["--max-size", "1000"],
  },
  {
    what: "no size at all",
    stream: ["a.txt<SEPARATOR>"],
    error: "the header has no size after <SEPARATOR>",
    name: "a.txt",
  },
  {
    what: "an empty name",
    stream: ["<SEPARATOR>5hello"],
    error: "the file name is empty",
  },
  {
    what: "a parent-directory name",
    stream: ["..<SEPARATOR>5hello"],
    error: 'the file name ".." is not a file name',
  },
  {
    what: "a path whose base name is a parent directory",
    stream: ["a/..<SEPARATOR>5hello"],
    error: 'the file name ".." is not a file name',
  },
  {
    what: "a path that ends with a separator",
    stream: ["some/dir/<SEPARATOR>5hello"],
    error: 'the file name "some/dir/" ends with a path separator',
  },
  {
    what: "a NUL byte",
    stream: ["a\0b<SEPARATOR>5hello"],
    error: 'the file name "a\\x00b" contains a NUL byte',
  },
  {
    what: "a newline in the name",
    stream: ["a\nb<SEPARATOR>5hello"],
    error: 'the file name "a\\x0ab" contains a control character',
  },
  {
    what: "a DEL in the name",
    stream: ["a\x7fb<SEPARATOR>5hello"],
    error: 'the file name "a\\x7fb" contains a control character',
  },
  {
    what: "a C1 control in the name",
    stream: ["a\u009bb<SEPARATOR>5hello"],
    error: 'the file name "a\\x9bb" contains a control character',
  },
  {
    what: "a right-to-left override (U+202E: doc<RLO>txt.exe shows as docexe.txt)",
    stream: ["doc\u202etxt.exe<SEPARATOR>5hello"],
    error: 'the file name "doc\\u202etxt.exe" contains a character that changes how text displays',
  },
  {
    what: "a bidi isolate in the name",
    stream: ["a\u2067b<SEPARATOR>5hello"],
    error: 'the file name "a\\u2067b" contains a character that changes how text displays',
  },
  {
    what: "a name that is not UTF-8",
    stream: [new Uint8Array([0xff, 0xfe]), "<SEPARATOR>5hello"],
    error: "the file name is not UTF-8",
  },
  {
    what: "a short transfer",
    stream: ["a.txt<SEPARATOR>45000", "This is".repeat(100)],
    error: "the sender stopped after 700 of 45000 bytes",
    name: "a.txt",
    receiving: true,
  },
  {
    what: "a transfer cut right after the header",
    stream: ["a.txt<SEPARATOR>45000"],
    error: "the sender stopped after 0 of 45000 bytes",
    name: "a.txt",
    receiving: true,
  },
  {
    // "10": a complete 1-byte file "0", or a 10-byte file cut after its header?
    // The read ended after the digits, so SIZE is taken to be all of them.
    what: "a tiny all-digit file read together with its header, as cut short",
    stream: ["zero.txt<SEPARATOR>10"],
    error: "the sender stopped after 0 of 10 bytes",
    name: "zero.txt",
    receiving: true,
  },
  {
    what: "bytes beyond SIZE, in the same write as the header",
    stream: ["a.txt<SEPARATOR>5hello, and more"],
    error: "the sender sent more than the 5 bytes it declared",
    name: "a.txt",
    receiving: true,
  },
  {
    what: "bytes beyond SIZE",
    stream: ["a.txt<SEPARATOR>5", "hello, and more"],
    error: "the sender sent more than the 5 bytes it declared",
    name: "a.txt",
    receiving: true,
  },
];

for (const { what, stream, error, name, receiving, args } of BAD_INPUTS) {
  Deno.test(`Deno receiver refuses ${what}: one line, exit 1, no file left`, async () => {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await denoReceiver(dir.path, port, args);
    await rawSend(port, ...stream);
    const r = await receiver.outcome();
    assertEquals(r.code, 1);
    assertEquals(r.stderr, `Cannot receive ${name ?? "the file"}: ${error}\n`);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, receiving ? name! : null, false));
    assertEquals(await listDir(dir.path), []);
  });
}

Deno.test("Deno receiver keeps the base name of a path, as the original does, and says so", async () => {
  const cases: [string, string][] = [
    ["/some/dir/report.txt", "report.txt"],
    ["../received_escaped.txt", "received_escaped.txt"],
    ["C:\\Users\\me/win.txt", "win.txt"],
    ["\x1b[31m/red.txt", "red.txt"],
  ];
  for (const [sent, base] of cases) {
    await using outer = await tempDir();
    const inner = `${outer.path}/inner`;
    await Deno.mkdir(inner);
    const port = freeTcpPort();
    await using receiver = await denoReceiver(inner, port);
    await rawSend(port, `${sent}<SEPARATOR>5hello`);
    const r = await receiver.outcome();
    assertEquals(r.code, 0, r.stderr);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, base));
    const shown = JSON.stringify(sent).replace("\\u001b", "\\x1b");
    assertEquals(r.stderr.split("\n")[0], `The sender's name ${shown} was shortened to ${base}`);
    assertEquals(await listDir(outer.path), ["inner"]);
    assertEquals(await listDir(inner), [`received_${base}`]);
    assertEquals(await Deno.readTextFile(`${inner}/received_${base}`), "hello");
  }
});

Deno.test("Deno receiver keeps a backslash in a name, as the original does on Linux", async () => {
  for (const side of ["deno", "python"]) {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using receiver = side === "deno"
      ? await denoReceiver(dir.path, port)
      : await pythonReceiver(dir.path, port);
    {
      using conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await writeAll(conn, encoder.encode("a\\..\\b.txt<SEPARATOR>5"));
      // the header alone, as the original receiver's one recv() needs
      await receiver.waitForStdout("[+] 正在接收文件");
      await writeAll(conn, encoder.encode("hello"));
    }
    const r = await receiver.outcome();
    assertEquals(r.code, 0, side);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, "a\\..\\b.txt"), side);
    assertEquals(await listDir(dir.path), ["received_a\\..\\b.txt"], side);
    assertEquals(await Deno.readTextFile(`${dir.path}/received_a\\..\\b.txt`), "hello", side);
  }
});

/**
 * Sends half of the 1,000,000 bytes that `big.bin`'s header announces;
 * resolves, with the connection still open, once the receiver's part file exists.
 */
async function sendHalfOfBigBin(receiver: Spawned, port: number, dir: string): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode("big.bin<SEPARATOR>1000000"));
  await conn.write(new Uint8Array(500_000));
  await receiver.waitForStdout("[+] 正在接收文件: big.bin");
  for (let tries = 0; tries < 500 && (await listDir(dir)).length === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return conn;
}

Deno.test("Deno receiver interrupted mid-transfer (Ctrl+C) leaves no partial file", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port);
  using _conn = await sendHalfOfBigBin(receiver, port, dir.path);
  assertMatch((await listDir(dir.path)).join(), /^\.received_big\.bin\.part-[0-9a-f]{8}$/);
  receiver.kill("SIGINT");
  const r = await receiver.outcome();
  assertEquals(r.code, 130);
  assertEquals(await listDir(dir.path), []);
});

Deno.test("Deno receiver killed mid-transfer (SIGKILL) leaves a part file whose name says what it is", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port);
  using _conn = await sendHalfOfBigBin(receiver, port, dir.path);
  receiver.kill("SIGKILL");
  assertEquals((await receiver.outcome()).code, 137);
  assertMatch((await listDir(dir.path)).join(), /^\.received_big\.bin\.part-[0-9a-f]{8}$/);
});

/**
 * Python code that runs a command with stderr on a pseudo-terminal and stdout
 * on a pipe, then prints both as JSON: the only way to test what a person
 * sees in a terminal.
 */
const WITH_TTY_STDERR = `
import json, os, pty, subprocess, sys
master, slave = pty.openpty()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
tty = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    tty += chunk
out = child.stdout.read()
print(json.dumps({"code": child.wait(), "stdout": out.decode(), "tty": tty.decode()}))
`;

Deno.test("Deno sender draws a progress bar on stderr when it is a terminal, and clears it", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(receiverDir.path, port);
  await using sender = spawnPython("-c", [
    WITH_TTY_STDERR,
    Deno.execPath(),
    "run",
    ...permissionsFor(program("file_sender"), { port }),
    SENDER,
    "--port",
    String(port),
  ], { cwd: senderDir.path });
  const result = JSON.parse((await sender.outcome()).stdout);
  assertEquals(result.code, 0);
  assertEquals(result.stdout, senderTranscript(port, "my_document.pdf"));
  // the terminal turns "\n" into "\r\n"; the bar ends at 100% and is wiped before the summary
  const tty = result.tty.replaceAll("\r\n", "\n");
  assert(
    tty.startsWith(`\r[${"#".repeat(30)}] 100%  45.0/45.0 kB\r\x1b[K[=] 45000 bytes in `),
    tty,
  );
  assertEquals(summary(tty.slice(tty.indexOf("[=]"))).bytes, 45_000);
  // and when stderr is not a terminal (every other test), no control characters at all
  const r = await receiver.outcome();
  assertEquals(r.code, 0);
  assert(!r.stderr.includes("\r") && !r.stderr.includes("\x1b"), r.stderr);
});

Deno.test("Deno receiver whose sender resets the connection: one line, exit 1, no file", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port);
  // SO_LINGER with a zero timeout makes close() send RST instead of FIN
  await using resetter = spawnPython("-c", [
    `import socket, struct, time
s = socket.create_connection(("127.0.0.1", ${port}))
s.sendall(b"a.txt<SEPARATOR>45000")
time.sleep(0.2)
s.sendall(b"x" * 1000)
time.sleep(0.2)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()`,
  ]);
  assertEquals((await resetter.outcome()).code, 0);
  const r = await receiver.outcome();
  assertEquals(r.code, 1);
  assertEquals(r.stderr, "Cannot receive a.txt: the connection was reset by the peer\n");
  assertEquals(hidePorts(r.stdout), receiverTranscript(port, "a.txt", false));
  assertEquals(await listDir(dir.path), []);
});

Deno.test("Deno sender and receiver transfer over IPv6 loopback; the listening line brackets the address", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const port = freeTcpPort("::1");
  await using receiver = spawnDeno(
    RECEIVER,
    permissionsFor(program("file_receiver"), { port, host: "::1" }),
    ["--host", "::1", "--port", String(port)],
    { cwd: receiverDir.path },
  );
  await receiver.waitForStdout(LISTENING);
  await using sender = spawnDeno(
    SENDER,
    permissionsFor(program("file_sender"), { port, host: "::1" }),
    ["--host", "::1", "--port", String(port), "--pause", "0"],
    { cwd: senderDir.path },
  );
  assertEquals((await sender.outcome()).code, 0);
  const r = await receiver.outcome();
  assertEquals(r.code, 0, r.stderr);
  assertEquals(hidePorts(r.stdout).split("\n").slice(0, 2), [
    `[*] 正在监听 [::1]:${port}`, // the port bracketed off the address
    "[+] ('::1', PORT, 0, 0) 已连接。",
  ]);
  assertEquals(
    await Deno.readTextFile(`${receiverDir.path}/received_my_document.pdf`),
    TEST_TEXT,
  );
});

Deno.test("Deno receiver stops a sender at --max-size", async () => {
  await using dir = await tempDir();
  await using senderDir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port, ["--max-size", "1000"]);
  await using sender = denoSender(senderDir.path, port, ["--pause", "0"]);
  await sender.outcome(); // it may or may not see the receiver hang up
  const r = await receiver.outcome();
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "Cannot receive my_document.pdf: the declared size 45000 is over the limit of 1000 bytes\n",
  );
  assertEquals(await listDir(dir.path), []);
});

/** The receiver's reason for refusing my_document.pdf at --max-size 1000. */
const OVER_MAX_SIZE = "the declared size 45000 is over the limit of 1000 bytes";

Deno.test("Deno sender told by the Deno receiver that its file was not kept: one line, exit 1", async () => {
  for (const pause of ["100", "0"]) {
    await using dir = await tempDir();
    await using senderDir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await denoReceiver(dir.path, port, ["--max-size", "1000"]);
    await using sender = denoSender(senderDir.path, port, ["--pause", pause]);
    const s = await sender.outcome();
    const r = await receiver.outcome();
    assertEquals([r.code, r.stderr], [1, `Cannot receive my_document.pdf: ${OVER_MAX_SIZE}\n`]);
    assertEquals(
      [s.code, s.stderr],
      [1, `Cannot send my_document.pdf: the receiver did not keep it: ${OVER_MAX_SIZE}\n`],
      `--pause ${pause}`,
    );
    // the original's lines, up to where sending stopped (all four once the data left in time)
    assert(senderTranscript(port, "my_document.pdf").startsWith(s.stdout), s.stdout);
    assertEquals(await listDir(senderDir.path), []);
    assertEquals(await listDir(dir.path), []);
  }
});

Deno.test("Python sender to a Deno receiver that refuses its file: the original ends as before", async () => {
  await using dir = await tempDir();
  await using senderDir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port, ["--max-size", "1000"]);
  await using sender = spawnPython(PY_SENDER, [String(port)], { cwd: senderDir.path });
  const s = await sender.outcome();
  const r = await receiver.outcome();
  // the original never reads the refusal line: it closes right after sendall(), exit 0
  assertEquals([s.code, s.stdout, s.stderr], [0, senderTranscript(port, "my_document.pdf"), ""]);
  assertEquals([r.code, r.stderr], [1, `Cannot receive my_document.pdf: ${OVER_MAX_SIZE}\n`]);
  assertEquals(await listDir(dir.path), []);
});

Deno.test("Deno sender whose receiver never closes waits --ack-timeout, then ends as before, exit 0", async () => {
  await using senderDir = await tempDir();
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  await using sender = denoSender(senderDir.path, port, ["--pause", "0", "--ack-timeout", "0.5"]);
  const ended = sender.outcome();
  using conn = await Promise.race([
    listener.accept(),
    ended.then((s) => Promise.reject(new Error(`the sender ended first: ${s.stderr}`))),
  ]);
  const buffer = new Uint8Array(65536);
  let received = 0;
  // to the sender's half-close; then the connection stays open
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) received += n;
  const s = await ended;
  assertEquals(received, encodeFileHeader("my_document.pdf", 45_000).length + 45_000);
  assertEquals([s.code, s.stdout], [0, senderTranscript(port, "my_document.pdf")]);
  const [first, ...rest] = s.stderr.split("\n");
  assertEquals(
    first,
    "The receiver did not close within 0.5 s: it may not have kept my_document.pdf",
  );
  assertEquals(summary(rest.join("\n")).bytes, 45_000);
});

tmpfsTest(
  "Deno sender whose file fills the Deno receiver's disk: the receiver's reason, exit 1",
  async () => {
    await using disk = await tmpfs(1024);
    await using senderDir = await tempDir();
    await Deno.writeFile(`${senderDir.path}/big.bin`, new Uint8Array(3 * 1024 * 1024).fill(0x78));
    const port = freeTcpPort();
    await using receiver = receiverWithDir(disk.path, disk.path, port);
    await receiver.waitForStdout(LISTENING);
    await using sender = denoSenderOf(senderDir.path, port, "big.bin");
    const s = await sender.outcome();
    const r = await receiver.outcome();
    assertMatch(r.stderr, /^Cannot write \S+: no space left on the device\n$/);
    assertEquals(
      [s.code, s.stderr],
      [1, "Cannot send big.bin: the receiver did not keep it: no space left on the device\n"],
    );
    assertEquals(await listDir(disk.path), []);
  },
);

Deno.test("Deno receiver writes into --dir, with permission for that directory", async () => {
  await using cwd = await tempDir();
  await using target = await tempDir();
  const port = freeTcpPort();
  const receiver = spawnDeno(
    RECEIVER,
    [`--allow-net=0.0.0.0:${port}`, `--allow-read=${target.path}`, `--allow-write=${target.path}`],
    ["--port", String(port), "--dir", target.path],
    { cwd: cwd.path },
  );
  await using _ = receiver;
  await receiver.waitForStdout(LISTENING);
  await rawSend(port, "x.bin<SEPARATOR>3", "abc");
  assertEquals((await receiver.outcome()).code, 0);
  assertEquals(await Deno.readTextFile(`${target.path}/received_x.bin`), "abc");
  assertEquals(await listDir(cwd.path), []);
});

Deno.test("Deno sender whose file shrinks mid-send stops; the receiver keeps nothing", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  await Deno.writeFile(`${senderDir.path}/big.bin`, new Uint8Array(100_000).fill(0x78));
  const port = freeTcpPort();
  await using receiver = await denoReceiver(receiverDir.path, port);
  await using sender = denoSenderOf(senderDir.path, port, "big.bin", ["--pause", "1000"]);
  // the header (SIZE 100000) has arrived; the sender is in its pause: cut the file
  await receiver.waitForStdout("[+] 正在接收文件: big.bin");
  await Deno.truncate(`${senderDir.path}/big.bin`, 1000);
  const s = await sender.outcome();
  assertEquals(
    [s.code, s.stderr],
    [1, "Cannot send big.bin: the file shrank to 1000 bytes while being sent\n"],
  );
  const r = await receiver.outcome();
  assertEquals(
    [r.code, r.stderr],
    [1, "Cannot receive big.bin: the sender stopped after 1000 of 100000 bytes\n"],
  );
  assertEquals(await listDir(receiverDir.path), []);
});

Deno.test("Deno sender with no receiver: one line, exit 1, and still no my_document.pdf left", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using sender = denoSender(dir.path, port);
  const s = await sender.outcome();
  assertEquals(s.code, 1);
  assertEquals(s.stdout, `[+] 正在连接到 127.0.0.1:${port}\n`);
  assertEquals(
    s.stderr,
    `Cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)\n`,
  );
  assertEquals(await listDir(dir.path), []);
});

Deno.test("Deno sender does not overwrite an existing my_document.pdf", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(`${dir.path}/my_document.pdf`, "precious");
  await using sender = denoSender(dir.path, freeTcpPort());
  const s = await sender.outcome();
  assertEquals([s.code, s.stdout], [1, ""]);
  assertEquals(s.stderr, "Cannot create my_document.pdf: it already exists\n");
  assertEquals(await Deno.readTextFile(`${dir.path}/my_document.pdf`), "precious");
});

Deno.test("Deno sender explains a missing file and a name it cannot send, in one line", async () => {
  await using dir = await tempDir();
  await using missing = denoSenderOf(dir.path, freeTcpPort(), "nope.bin");
  const m = await missing.outcome();
  assertEquals([m.code, m.stderr], [1, "Cannot open nope.bin: no such file or directory\n"]);

  await Deno.writeTextFile(`${dir.path}/a<SEPARATOR>b`, "x");
  await using separator = denoSenderOf(dir.path, freeTcpPort(), "a<SEPARATOR>b");
  const s = await separator.outcome();
  assertEquals(
    [s.code, s.stderr],
    [1, "Cannot send a<SEPARATOR>b: the file name contains <SEPARATOR>\n"],
  );
});

permissionTest(
  "Deno sender explains a file its permissions do not let it read, in one line",
  async () => {
    await using dir = await tempDir();
    await Deno.writeTextFile(`${dir.path}/secret.txt`, "x");
    await using denied = spawnDeno(SENDER, ["--allow-net=127.0.0.1:9001"], ["secret.txt"], {
      cwd: dir.path,
    });
    const d = await denied.outcome();
    assertEquals(d.code, 1);
    assert(
      d.stderr.startsWith(
        "Cannot open secret.txt: Deno's permissions do not allow it (Requires read access to",
      ),
      d.stderr,
    );
  },
);

Deno.test("The sender's --help says what a path needs, and names --ack-timeout", async () => {
  await using senderHelp = spawnDeno(SENDER, [], ["--help"]);
  const { stdout } = await senderHelp.outcome();
  assert(stdout.includes("reading PATH needs permission: deno run --allow-read=PATH"), stdout);
  assert(stdout.includes("--ack-timeout SECONDS"), stdout);
});

/** The receiver on `--dir dir`, with read and write access to `allowed` (a parent of it). */
function receiverWithDir(dir: string, allowed: string, port: number, args: string[] = []): Spawned {
  return spawnDeno(
    RECEIVER,
    [`--allow-net=0.0.0.0:${port}`, `--allow-read=${allowed}`, `--allow-write=${allowed}`],
    ["--port", String(port), "--dir", dir, ...args],
    { timeoutMs: 10_000 },
  );
}

Deno.test("Deno receiver checks --dir before it listens: missing, not a directory, a symlink loop", async () => {
  await using base = await tempDir();
  await Deno.writeTextFile(`${base.path}/file`, "x");
  await Deno.symlink(`${base.path}/loop`, `${base.path}/loop`);
  const cases: [string, string][] = [
    ["missing", "Cannot use --dir DIR: no such file or directory"],
    ["file", "Cannot use --dir DIR: it is not a directory"],
    ["loop", "Cannot use --dir DIR: too many levels of symbolic links"],
  ];
  for (const [name, error] of cases) {
    const dir = `${base.path}/${name}`;
    await using receiver = receiverWithDir(dir, base.path, freeTcpPort());
    const r = await receiver.outcome();
    assertEquals([r.code, r.stdout, r.stderr], [1, "", `${error.replace("DIR", dir)}\n`]);
  }
});

tmpfsTest("Deno receiver on a read-only --dir says so before it listens", async () => {
  await using disk = await tmpfs(64, true);
  await using receiver = receiverWithDir(disk.path, disk.path, freeTcpPort());
  const r = await receiver.outcome();
  assertEquals(
    [r.code, r.stdout, r.stderr],
    [1, "", `Cannot write files in ${disk.path}: the file system is read-only\n`],
  );
});

tmpfsTest(
  "Deno receiver whose disk fills while it rewrites a file's start: one line, exit 1, no file",
  async () => {
    // 64 KiB: 32 KiB of filler, then a file whose data begins with digits, sent with its header
    // in one write: the receiver writes 32 KiB, then must insert 4 digits at the start
    await using disk = await tmpfs(64);
    await Deno.writeFile(`${disk.path}/filler`, new Uint8Array(32_768));
    const data = concatBytes([encoder.encode("1234"), new Uint8Array(32_768).fill(0x78)]);
    const port = freeTcpPort();
    await using receiver = receiverWithDir(disk.path, disk.path, port);
    await receiver.waitForStdout(LISTENING);
    await rawSend(port, concatBytes([encodeFileHeader("f", data.length), data]));
    const r = await receiver.outcome();
    assertEquals(r.code, 1);
    assertMatch(
      r.stderr,
      /^Cannot write \S+\/\.received_f\.part-[0-9a-f]{8}: no space left on the device\n$/,
    );
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, "f", false));
    assertEquals(await listDir(disk.path), ["filler"]);
  },
);

/** Connects and sends `pieces`, then stays silent (the connection open) until disposed. */
async function silentSender(port: number, ...pieces: string[]): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  for (const piece of pieces) {
    await conn.write(encoder.encode(piece));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return conn;
}

Deno.test("Deno receiver gives a stalled header --header-timeout: one line, exit 1, no file", async () => {
  const cases: [string[], string][] = [
    [[], "the file"],
    [["a.t"], "the file"],
    [["a.txt<SEPARATOR>"], "a.txt"],
  ];
  for (const [pieces, name] of cases) {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using receiver = await denoReceiver(dir.path, port, ["--header-timeout", "0.5"]);
    using _conn = await silentSender(port, ...pieces);
    const r = await receiver.outcome();
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr,
      `Cannot receive ${name}: the sender did not send a whole header within 0.5 s (--header-timeout)\n`,
    );
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, null, false));
    assertEquals(await listDir(dir.path), []);
  }
});

Deno.test("Deno receiver gives a sender silent mid-data --idle-timeout: one line, exit 1, no file", async () => {
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port, ["--idle-timeout", "0.5"]);
  using _conn = await silentSender(port, "a.txt<SEPARATOR>100", "abcdefghij");
  const r = await receiver.outcome();
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "Cannot receive a.txt: the sender sent nothing for 0.5 s (--idle-timeout)\n",
  );
  assertEquals(hidePorts(r.stdout), receiverTranscript(port, "a.txt", false));
  assertEquals(await listDir(dir.path), []);
});

Deno.test("Deno receiver keeps an existing received_NAME, saves a numbered copy and says so; --overwrite replaces it", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(`${dir.path}/received_x.bin`, "precious");
  for (
    const [args, saved, note] of [
      [
        [],
        "received_x-1.bin",
        "Saved as received_x-1.bin: received_x.bin already exists (--overwrite replaces it)\n",
      ],
      [
        [],
        "received_x-2.bin",
        "Saved as received_x-2.bin: received_x.bin already exists (--overwrite replaces it)\n",
      ],
      [["--overwrite"], "received_x.bin", ""],
    ] as const
  ) {
    const port = freeTcpPort();
    await using receiver = await denoReceiver(dir.path, port, [...args]);
    await rawSend(port, "x.bin<SEPARATOR>3", "new");
    const r = await receiver.outcome();
    assertEquals(r.code, 0, r.stderr);
    assertEquals(hidePorts(r.stdout), receiverTranscript(port, "x.bin"));
    assert(r.stderr.startsWith(`${note}[=] `), r.stderr);
    assertEquals(summary(r.stderr.slice(note.length)).name, saved);
    assertEquals(await Deno.readTextFile(`${dir.path}/${saved}`), "new");
  }
  assertEquals(await listDir(dir.path), ["received_x-1.bin", "received_x-2.bin", "received_x.bin"]);
});

Deno.test("Deno receiver names both readings of a coalesced stream that a shorter SIZE fits", async () => {
  // "45000" and 4,499 bytes: a complete 4,500-byte file "0This is…", or 45,000 bytes cut short
  await using dir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(dir.path, port);
  await rawSend(port, `f<SEPARATOR>45000${TEST_TEXT.slice(0, 4499)}`);
  const r = await receiver.outcome();
  assertEquals(r.code, 0, r.stderr);
  assertEquals(
    r.stderr.split("\n")[0],
    "Warning: took SIZE 4500 from the digits 45000 after <SEPARATOR>; if the sender meant 45000, it stopped early and received_f is not its file",
  );
  assertEquals(summary(r.stderr.slice(r.stderr.indexOf("\n") + 1)).bytes, 4500);
});

Deno.test("Deno receiver given --port 0 listens on a free port and shows it in the original's line", async () => {
  await using dir = await tempDir();
  await using receiver = spawnDeno(
    RECEIVER,
    ["--allow-net=127.0.0.1", "--allow-read=.", "--allow-write=."],
    ["--host", "127.0.0.1", "--port", "0"],
    { cwd: dir.path },
  );
  await receiver.waitForStdout("\n");
  const port = Number(receiver.stdout.match(/^\[\*\] 正在监听 127\.0\.0\.1:(\d+)\n/)?.[1]);
  assert(port > 0, receiver.stdout);
  await rawSend(port, "p.txt<SEPARATOR>2", "ok");
  const r = await receiver.outcome();
  assertEquals(r.code, 0, r.stderr);
  assertEquals(await Deno.readTextFile(`${dir.path}/received_p.txt`), "ok");
});

Deno.test("Deno sender refuses a FIFO at once instead of waiting for a writer", async () => {
  await using dir = await tempDir();
  const mkfifo = await new Deno.Command("mkfifo", { args: [`${dir.path}/pipe`] }).output();
  assert(mkfifo.success);
  await using sender = spawnDeno(SENDER, ["--allow-net=127.0.0.1:9001", "--allow-read=pipe"], [
    "pipe",
  ], {
    cwd: dir.path,
    timeoutMs: 10_000,
  });
  const s = await sender.outcome();
  assertEquals([s.code, s.stdout, s.stderr], [
    1,
    "",
    "Cannot send pipe: it is not a regular file\n",
  ]);
});

Deno.test("Deno sender clears its progress bar before the error line when the receiver resets", async () => {
  await using senderDir = await tempDir();
  await Deno.writeFile(`${senderDir.path}/big.bin`, new Uint8Array(64 * 1024 * 1024));
  // a receiver that takes the header and a little data, then resets the connection
  await using resetter = spawnPython("-c", [
    `import socket, struct, sys
l = socket.create_server(("127.0.0.1", 0))
print(l.getsockname()[1], flush=True)
c, _ = l.accept()
got = 0
while got < 4 * 1024 * 1024:
    got += len(c.recv(1 << 20))
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()`,
  ]);
  await resetter.waitForStdout("\n");
  const port = Number(resetter.stdout.trim());
  await using sender = spawnPython("-c", [
    WITH_TTY_STDERR,
    Deno.execPath(),
    "run",
    `--allow-net=127.0.0.1:${port}`,
    "--allow-read=big.bin",
    SENDER,
    "--port",
    String(port),
    "--pause",
    "0",
    "big.bin",
  ], { cwd: senderDir.path });
  const result = JSON.parse((await sender.outcome()).stdout);
  assertEquals(result.code, 1);
  const tty = result.tty.replaceAll("\r\n", "\n");
  // one or more bar lines, then the clearing "\r\x1b[K", then the error on a clean line
  const [bars, error] = tty.split("\r\x1b[K");
  assertMatch(bars, /^(\r\[[#.]{30}\] +\d+% {2}[\d.]+\/67\.1 MB)+$/);
  assertMatch(error, /^Cannot send big\.bin to 127\.0\.0\.1:\d+: /);
  assertEquals(tty.match(/Cannot /g)?.length, 1);
});

Deno.test("--trace: every read with its size, adding up to the header and the file", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const port = freeTcpPort();
  await using receiver = await denoReceiver(receiverDir.path, port, ["--trace"]);
  await using sender = denoSender(senderDir.path, port, ["--trace"]);
  const s = await sender.outcome();
  const r = await receiver.outcome();
  const header = encodeFileHeader("my_document.pdf", 45_000).length;

  assertEquals([s.code, r.code], [0, 0], s.stderr + r.stderr);
  assertEquals(s.stdout, senderTranscript(port, "my_document.pdf"));
  assertEquals(hidePorts(r.stdout), receiverTranscript(port, "my_document.pdf"));
  assertEquals(summary(withoutTrace(r.stderr)).bytes, 45_000);
  const receiverTrace = traceOf(r.stderr);
  assertEquals(opsOf(receiverTrace).slice(0, 4), ["socket", "bind", "listen", "accept"]);
  assertEquals(bytesOf(receiverTrace, "recv"), header + 45_000);
  // the sender sends the header alone and pauses: the first read is the header, whole and visible
  assertEquals(receiverTrace[4], {
    ...receiverTrace[4]!,
    op: "recv",
    bytes: header,
    detail: '"my_document.pdf<SEPARATOR>45000"',
  });
  const senderTrace = traceOf(s.stderr);
  // after the data, the sender reads the receiver's close: 0 bytes, the file was kept
  assertEquals(opsOf(senderTrace), ["socket", "connect", "send", "recv", "close"]);
  assertEquals(bytesOf(senderTrace, "send"), header + 45_000);
  assertEquals(bytesOf(senderTrace, "recv"), 0);
});

Deno.test("--trace shows header and data in one read; the Python shim shows the original's", async () => {
  const message = "notes.txt<SEPARATOR>35" + "2026: header and data in one write\n";
  for (const side of ["deno", "python"]) {
    await using dir = await tempDir();
    const port = freeTcpPort();
    await using receiver = side === "deno"
      ? await denoReceiver(dir.path, port, ["--trace"])
      : spawnPython(`${ROOT}scripts/trace_python.py`, [PY_RECEIVER, String(port)], {
        cwd: dir.path,
      });
    await receiver.waitForStdout(LISTENING);
    await rawSend(port, message);
    const r = await receiver.outcome();
    const reads = traceOf(r.stderr).filter((event) => event.op === "recv");
    // one read holds the whole header and the data: the tutorial's "one recv() is one message" fails
    assertEquals(reads[0]!.bytes, message.length, side);
    assertEquals(reads[0]!.detail, '"notes.txt<SEPARATOR>352026: "…', side);
    if (side === "deno") {
      assertEquals(r.code, 0);
      assertEquals(bytesOf(reads, "recv"), message.length);
    } else {
      // the original takes "352026: header..." for the size and dies, without another read
      assertEquals(r.code, 1);
      assertEquals(reads.length, 1);
      assert(
        r.stderr.trimEnd().split("\n").at(-1)!.startsWith("ValueError: invalid literal for int()"),
      );
    }
  }
});

Deno.test("Deno sender stopped by Ctrl+C or SIGTERM mid-send removes its test file", async () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    await using dir = await tempDir();
    // a receiver that accepts and never reads: the sender waits in its pause
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const accepted = listener.accept();
    await using sender = denoSender(dir.path, listener.addr.port, ["--pause", "5000"]);
    await sender.waitForStdout("[+] 连接成功。");
    using _conn = await accepted;
    sender.kill(signal);
    const s = await sender.outcome();
    assertEquals(s.code, code, signal);
    assertEquals(await listDir(dir.path), [], signal); // no my_document.pdf left behind
  }
});

Deno.test("--lang en: both in English; a file named like a line is data, never translated", async () => {
  await using senderDir = await tempDir();
  await using receiverDir = await tempDir();
  const port = freeTcpPort();
  const name = "a 已连接。"; // ends as the receiver's connect line ends
  await Deno.writeTextFile(`${senderDir.path}/${name}`, "hello");
  await using receiver = spawnDeno(
    RECEIVER,
    permissionsFor(program("file_receiver"), { port }),
    ["--port", String(port), "--lang", "en"],
    { cwd: receiverDir.path },
  );
  await receiver.waitForStdout("[*] Listening on");
  await using sender = denoSenderOf(senderDir.path, port, `${senderDir.path}/${name}`, [
    "--lang",
    "en",
    "--pause",
    "0",
  ]);
  const s = await sender.outcome();
  const r = await receiver.outcome();
  assertEquals([s.code, r.code], [0, 0], s.stderr + r.stderr);
  assertEquals(s.stdout.split("\n"), [
    `[+] Connecting to 127.0.0.1:${port}`,
    "[+] Connected.",
    `[+] Sending file: ${name}`,
    "[+] File sent.",
    "",
  ]);
  assertEquals(hidePorts(r.stdout).split("\n"), [
    `[*] Listening on 0.0.0.0:${port}`,
    "[+] ('127.0.0.1', PORT) connected.",
    `[+] Receiving file: ${name}`,
    "[+] File received.",
    "",
  ]);
  assertEquals(await Deno.readTextFile(`${receiverDir.path}/received_${name}`), "hello");
});
