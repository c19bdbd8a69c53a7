import { EchoConnection } from "./echo_connection.ts";
import { CliError } from "./cli_error.ts";
import { assert, assertEquals, assertRejects } from "./_assert.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A connection whose server answers each write with the pieces `answer`
 * gives (a string, or `null` for the end of the stream), one per read.
 */
function scripted(answer: (sent: string) => (string | null)[]) {
  const pieces: (string | null)[] = [];
  let waiting: (() => void) | undefined;
  let closed = false;
  return {
    async read(p: Uint8Array): Promise<number | null> {
      while (pieces.length === 0) {
        if (closed) throw new Deno.errors.BadResource("closed");
        await new Promise<void>((resolve) => waiting = resolve);
      }
      const piece = pieces.shift()!;
      if (piece === null) return null;
      const bytes = encoder.encode(piece);
      p.set(bytes);
      return bytes.length;
    },
    write(p: Uint8Array): Promise<number> {
      pieces.push(...answer(decoder.decode(p)));
      waiting?.();
      return Promise.resolve(p.length);
    },
    close() {
      closed = true;
      waiting?.();
    },
    /** Sends a piece unasked. */
    push(piece: string) {
      pieces.push(piece);
      waiting?.();
    },
  };
}

function stderrLines() {
  const lines: string[] = [];
  return {
    lines,
    writer: { writeSync: (p: Uint8Array) => lines.push(decoder.decode(p)) && p.length },
  };
}

Deno.test("EchoConnection.recv() puts an echo split across reads back together", async () => {
  const stderr = stderrLines();
  using client = new EchoConnection(scripted(() => ["HE", "L", "LO"]), "h:1", 5, stderr.writer);
  await client.send(encoder.encode("hello"));
  assertEquals(decoder.decode((await client.recv())!), "HELLO");
  assertEquals(stderr.lines, []);
});

Deno.test("EchoConnection.recv() names a server that hangs up mid-reply in one line", async () => {
  using client = new EchoConnection(scripted(() => ["HEL", null]), "h:1", 5, stderrLines().writer);
  await client.send(encoder.encode("hello"));
  await assertRejects(
    () => client.recv(),
    CliError,
    "Cannot read the reply from h:1: the peer closed the connection before the whole reply arrived",
  );
});

Deno.test("EchoConnection.recv() takes a wrong reply as it came; bytes sent later are dropped before the next line", async () => {
  const stderr = stderrLines();
  const answers = [["NOPE"], ["WORLD"]];
  const socket = scripted(() => answers.shift()!);
  using client = new EchoConnection(socket, "h:1", 5, stderr.writer);
  await client.send(encoder.encode("hello"));
  assertEquals(decoder.decode((await client.recv())!), "NOPE");
  socket.push("!!!"); // while no line waits for a reply
  await new Promise((resolve) => setTimeout(resolve, 10));
  await client.send(encoder.encode("world"));
  assertEquals(decoder.decode((await client.recv())!), "WORLD");
  assertEquals(stderr.lines, [
    "The reply from h:1 is not the echo of the line sent (4 bytes)\n",
    "Dropped 3 bytes from h:1 that came after the reply\n",
  ]);
});

Deno.test("EchoConnection.closedWithin() sees a connection ended at once, and not a quiet one", async () => {
  const ended = scripted(() => []);
  const gone = new EchoConnection(
    { ...ended, read: () => Promise.resolve(null) },
    "h:1",
    5,
    stderrLines().writer,
  );
  assert(await gone.closedWithin(1000));
  gone.close();
  using quiet = new EchoConnection(scripted(() => []), "h:1", 5, stderrLines().writer);
  assert(!(await quiet.closedWithin(20)));
});

Deno.test("EchoConnection.recv() skips the rest of a timed-out reply and bytes after an echo, then returns the echo", async () => {
  const stderr = stderrLines();
  const answers = [["HE"], ["LLO", "EX", "WORLD"], ["LLO"]];
  using client = new EchoConnection(scripted(() => answers.shift()!), "h:1", 0.05, stderr.writer);
  await client.send(encoder.encode("hello"));
  assertEquals(decoder.decode((await client.recv())!), "HE");
  await client.send(encoder.encode("world"));
  assertEquals(decoder.decode((await client.recv())!), "WORLD");
  await client.send(encoder.encode("hello"));
  assertEquals(decoder.decode((await client.recv())!), "LLO"); // no rest is owed any more
  assertEquals(stderr.lines, [
    "Cannot get the whole reply from h:1: 2 of 5 bytes came within 0.05 s\n",
    "Dropped 5 bytes from h:1 that belong to an earlier line's reply\n",
    "The reply from h:1 is not the echo of the line sent (3 bytes)\n",
  ]);
});

Deno.test("EchoConnection.recv() returns only the part of the echo that came after the rest of an earlier reply", async () => {
  const stderr = stderrLines();
  const answers = [[], ["HELLO", "WO"]];
  using client = new EchoConnection(scripted(() => answers.shift()!), "h:1", 0.05, stderr.writer);
  await client.send(encoder.encode("hello"));
  assertEquals(await client.recv(), null);
  await client.send(encoder.encode("world"));
  assertEquals(decoder.decode((await client.recv())!), "WO");
  assertEquals(stderr.lines, [
    "Cannot get a reply from h:1: none came within 0.05 s (is the server running?)\n",
    "Dropped 5 bytes from h:1 that belong to an earlier line's reply\n",
    "Cannot get the whole reply from h:1: 2 of 5 bytes came within 0.05 s\n",
  ]);
});

Deno.test("EchoConnection.recv() stops waiting for an echo behind a flood of other bytes", async () => {
  const stderr = stderrLines();
  const flood = "x".repeat(16 * 1024);
  // a 60 s timeout: only the flood can end the wait
  using client = new EchoConnection(scripted(() => Array(6).fill(flood)), "h:1", 60, stderr.writer);
  await client.send(encoder.encode("hello"));
  const data = (await client.recv())!;
  assert(data.length > 64 * 1024 && data.length <= 96 * 1024, `${data.length} bytes`);
  assertEquals(stderr.lines, [
    `The reply from h:1 is not the echo of the line sent (${data.length} bytes)\n`,
  ]);
});
