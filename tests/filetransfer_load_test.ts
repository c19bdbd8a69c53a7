/**
 * The file receiver under bad input and (once it has `-k`) under load:
 *
 * - A socket-level fuzz of the one-shot receiver, restarted per case: random
 *   and malformed headers, hostile names, wrong sizes. Each run ends with an
 *   exit code of 0 or 1 and at most one error line, no stack trace, no hang,
 *   no part file, and nothing written outside its directory.
 * - The load test, 20 concurrent senders into one `-k` receiver, is written
 *   and ignored, with the reason: the receiver has no `--keep-open` yet.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { concatBytes } from "../lib/concat_bytes.ts";
import { SEPARATOR } from "../lib/file_header.ts";
import { Sha256 } from "../lib/sha256.ts";
import { Random } from "../scripts/stress/random_bytes.ts";
import { ROOT, spawnDeno, type Spawned } from "../scripts/_harness/process.ts";
import { freeTcpPort } from "../scripts/_harness/net.ts";

const RECEIVER = `${ROOT}filetransfer/file_receiver.ts`;
const SENDER = `${ROOT}filetransfer/file_sender.ts`;
const encoder = new TextEncoder();

async function receiverIn(dir: string, port: number, args: string[] = []): Promise<Spawned> {
  const receiver = spawnDeno(
    RECEIVER,
    [`--allow-net=0.0.0.0:${port}`, "--allow-read=.", "--allow-write=."],
    ["--port", String(port), ...args],
    { cwd: dir, timeoutMs: 20_000 },
  );
  await receiver.waitForStdout("[*] 正在监听");
  return receiver;
}

/** Every path under `dir`, relative to it. */
async function tree(dir: string, prefix = ""): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = `${prefix}${entry.name}`;
    paths.push(path);
    if (entry.isDirectory) paths.push(...await tree(dir, `${path}/`));
  }
  return paths.sort();
}

/** The cases a receiver accepts, and the file each leaves in its folder. */
const KEPT: Record<string, string> = {
  "a name climbing out": "escape.txt",
  "an absolute name": "abs.txt",
  "a name with a slash": "b.txt",
  "a valid file": "ok.txt",
};

/** The fuzz cases: a name for each, and the bytes a hostile sender sends before closing. */
function fuzzCases(random: Random): [string, Uint8Array][] {
  const header = (name: string | Uint8Array, size: string) =>
    concatBytes([
      typeof name === "string" ? encoder.encode(name) : name,
      encoder.encode(`${SEPARATOR}${size}`),
    ]);
  return [
    ["nothing at all", new Uint8Array()],
    ["random bytes", random.bytes(random.int(1, 3000))],
    ["a name climbing out", concatBytes([header("../escape.txt", "4"), encoder.encode("evil")])],
    ["an absolute name", concatBytes([header("/tmp/abs.txt", "4"), encoder.encode("evil")])],
    ["a name with a slash", concatBytes([header("a/b.txt", "2"), encoder.encode("hi")])],
    ["a name with NUL", concatBytes([header("a\0b", "2"), encoder.encode("hi")])],
    [
      "a name that is not UTF-8",
      concatBytes([header(new Uint8Array([0xff, 0xfe]), "1"), new Uint8Array([0x41])]),
    ],
    ["a name of dots", concatBytes([header("..", "1"), encoder.encode("x")])],
    ["no separator, 6000 bytes", random.bytes(6000).map((b) => b === 0x3c ? 0x41 : b)],
    ["a size of 25 digits", header("big.bin", "9".repeat(25))],
    ["fewer bytes than the size", concatBytes([header("short.bin", "100"), random.bytes(40)])],
    ["more bytes than the size", concatBytes([header("long.bin", "3"), random.bytes(40)])],
    ["a size that is not a number", concatBytes([header("nan.bin", "x1"), random.bytes(5)])],
    ["random junk after a separator", concatBytes([header("j", ""), random.bytes(200)])],
    ["a valid file", concatBytes([header("ok.txt", "5"), encoder.encode("hello")])],
  ];
}

Deno.test("file_receiver fuzz: hostile headers end in one line, no trace, no part file, nothing outside its folder", async () => {
  const random = new Random(0xf11e);
  for (const [name, bytes] of fuzzCases(random)) {
    const root = await Deno.makeTempDir({ prefix: "receiver_fuzz_" });
    try {
      await Deno.mkdir(`${root}/inbox`);
      const port = freeTcpPort();
      await using receiver = await receiverIn(`${root}/inbox`, port);
      {
        using conn = await Deno.connect({ hostname: "127.0.0.1", port });
        for (let written = 0; written < bytes.length;) {
          written += await conn.write(bytes.subarray(written)).catch(() => bytes.length);
        }
      }
      const outcome = await receiver.outcome(); // fails the test if it hangs past its deadline
      const context = `${name}: exit ${outcome.code}, stderr ${JSON.stringify(outcome.stderr)}`;
      assert(outcome.code === 0 || outcome.code === 1, context);
      assert(!/\n\s+at |Uncaught|panicked/.test(outcome.stderr), context);
      if (outcome.code === 1) {
        assertEquals(outcome.stderr.split("\n").filter(Boolean).length, 1, context);
      }
      const files = await tree(root);
      assertEquals(files.filter((path) => !path.startsWith("inbox")), [], context); // nothing outside
      assertEquals(files.filter((path) => /\.part|\.tmp/.test(path)), [], context); // no part file
      for (const path of files.filter((path) => path !== "inbox")) {
        assert(/^inbox\/received_[^/]+$/.test(path), `${context}: wrote ${path}`);
      }
      // a name with path parts is kept by its base name, as the original's os.path.basename()
      const kept = KEPT[name];
      if (kept !== undefined) assertEquals(files, ["inbox", `inbox/received_${kept}`], context);
      else assertEquals(outcome.code, 1, context);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }
});

Deno.test({
  name: "file_receiver -k takes 20 concurrent senders of 1-50 MiB, each file SHA-256 identical " +
    "[ignored: file_receiver has no --keep-open yet]",
  ignore: true,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "receiver_load_" });
    try {
      const port = freeTcpPort();
      await using receiver = await receiverIn(dir, port, ["-k"]);
      const random = new Random(0x10ad);
      const files = Array.from({ length: 20 }, (_, i) => ({
        name: `file_${i}.bin`,
        bytes: random.bytes(random.int(1, 50) * 1024 * 1024),
      }));
      await Deno.mkdir(`${dir}/out`);
      for (const file of files) await Deno.writeFile(`${dir}/out/${file.name}`, file.bytes);
      const senders = files.map((file) =>
        spawnDeno(SENDER, [`--allow-net=127.0.0.1:${port}`, `--allow-read=${file.name}`], [
          "--port",
          String(port),
          file.name,
        ], { cwd: `${dir}/out`, timeoutMs: 300_000 })
      );
      for (const sender of senders) assertEquals((await sender.outcome()).code, 0);
      for (const file of files) {
        const received = await Deno.readFile(`${dir}/received_${file.name}`);
        assertEquals(new Sha256().update(received).hex(), new Sha256().update(file.bytes).hex());
      }
      receiver.kill("SIGTERM");
      assertEquals((await receiver.outcome()).code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
