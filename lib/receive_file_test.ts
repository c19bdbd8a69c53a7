import {
  type FileConn,
  openIncomingFile,
  type ReceivedFile,
  type ReceivedHeader,
  receiveHeader,
  type ReceiveOptions,
} from "./receive_file.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

/** Step 4 as file_receiver.ts writes it: open, the loop, keep. */
async function receiveData(
  conn: FileConn,
  header: ReceivedHeader,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  await using f = await openIncomingFile(conn, header, options);
  for await (const bytesRead of f.receive()) await f.write(bytesRead);
  return await f.keep();
}

/** A connection that reads `pieces` in turn, then the end of the stream, and keeps what is written. */
function fakeConn(...pieces: string[]) {
  const reads = pieces.map((piece) => new TextEncoder().encode(piece));
  const written: string[] = [];
  return {
    written,
    read(p: Uint8Array): Promise<number | null> {
      const bytes = reads.shift();
      if (bytes !== undefined) p.set(bytes);
      return Promise.resolve(bytes?.length ?? null);
    },
    write(p: Uint8Array): Promise<number> {
      written.push(new TextDecoder().decode(p));
      return Promise.resolve(p.length);
    },
  };
}

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
    return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const options = (dir: string) => ({ dir, maxSize: 1000, overwrite: false, headerTimeout: 5 });

Deno.test("receiveHeader() and the IncomingFile loop refuse a bad stream and tell the sender why, in one line", async () => {
  const cases: [string[], string][] = [
    [["a\x00b<SEPARATOR>1x"], 'the file name "a\\x00b" contains a NUL byte'],
    [["big.bin<SEPARATOR>2000"], "the declared size 2000 is over the limit of 1000 bytes"],
    [["a.txt<SEPARATOR>5", "he"], "the sender stopped after 2 of 5 bytes"],
    [["a.txt<SEPARATOR>2", "hello"], "the sender sent more than the 2 bytes it declared"],
  ];
  for (const [stream, reason] of cases) {
    const conn = fakeConn(...stream);
    const left = await inTempDir(async (dir) => {
      const error = await receiveHeader(conn, options(dir))
        .then((header) => receiveData(conn, header, options(dir)))
        .catch((error) => error);
      assertEquals(error instanceof CliError, true, String(error));
      assertEquals(error.message.endsWith(`: ${reason}`), true, error.message);
    });
    assertEquals(left, [], reason); // no file, no part file
    assertEquals(conn.written, [`${reason}\n`]);
  }
});

Deno.test("IncomingFile.keep() keeps a whole file and writes nothing to the sender", async () => {
  const conn = fakeConn("a\\b.txt<SEPARATOR>5", "hello");
  const left = await inTempDir(async (dir) => {
    const header = await receiveHeader(conn, options(dir));
    assertEquals((await receiveData(conn, header, options(dir))).saved, "received_a\\b.txt");
  });
  assertEquals(left, ["received_a\\b.txt"]);
  assertEquals(conn.written, []);
});

Deno.test("An IncomingFile whose loop fails or stops early refuses the file: no part file, one line to the sender", async () => {
  const cases: [string, (f: Awaited<ReturnType<typeof openIncomingFile>>) => Promise<unknown>][] = [
    ["the loop body throws", async (f) => {
      for await (const _ of f.receive()) throw new Error("the loop failed");
    }],
    ["the loop breaks, then keep()", async (f) => {
      for await (const _ of f.receive()) break;
      return await f.keep();
    }],
    ["keep() is never called", async (f) => {
      for await (const bytesRead of f.receive()) await f.write(bytesRead);
      throw new Error("the program failed before keep()");
    }],
  ];
  for (const [what, program] of cases) {
    const conn = fakeConn("a.txt<SEPARATOR>5", "hello");
    const left = await inTempDir(async (dir) => {
      const header = await receiveHeader(conn, options(dir));
      await assertRejects(async () => {
        await using f = await openIncomingFile(conn, header, options(dir));
        await program(f);
      });
    });
    assertEquals(left, [], what);
    assertEquals(conn.written, ["the receiver failed\n"], what);
  }
});

Deno.test("A part file that cannot be created refuses the file with the reason", async () => {
  const conn = fakeConn("a.txt<SEPARATOR>5", "hello");
  const dir = `${await Deno.makeTempDir()}/missing`;
  const header = await receiveHeader(conn, options(dir));
  const error = await openIncomingFile(conn, header, options(dir)).catch((error) => error);
  assertEquals(error instanceof CliError, true, String(error));
  assertEquals(error.message.startsWith(`Cannot create a file in ${dir}: `), true, error.message);
  assertEquals(conn.written, [`${error.message.slice(error.message.indexOf(": ") + 2)}\n`]);
  await Deno.remove(dir.slice(0, -"/missing".length));
});
