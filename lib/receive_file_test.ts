import { receiveData, receiveHeader } from "./receive_file.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals } from "./_assert.ts";

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

Deno.test("receiveHeader() and receiveData() refuse a bad stream and tell the sender why, in one line", async () => {
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

Deno.test("receiveData() keeps a whole file and writes nothing to the sender", async () => {
  const conn = fakeConn("a\\b.txt<SEPARATOR>5", "hello");
  const left = await inTempDir(async (dir) => {
    const header = await receiveHeader(conn, options(dir));
    assertEquals((await receiveData(conn, header, options(dir))).saved, "received_a\\b.txt");
  });
  assertEquals(left, ["received_a\\b.txt"]);
  assertEquals(conn.written, []);
});
