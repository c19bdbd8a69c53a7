import { LineInput } from "./line_input.ts";
import type { Reader } from "./byte_reader.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function chunks(...texts: (string | number[])[]): Reader {
  const queue = texts.map((text) =>
    typeof text === "string" ? encoder.encode(text) : Uint8Array.from(text)
  );
  return {
    read(p) {
      const chunk = queue.shift();
      if (chunk === undefined) return Promise.resolve(null);
      const count = Math.min(chunk.length, p.length);
      p.set(chunk.subarray(0, count));
      if (count < chunk.length) queue.unshift(chunk.subarray(count));
      return Promise.resolve(count);
    },
  };
}

const silent = { write: (p: Uint8Array) => Promise.resolve(p.length) };

async function readAll(input: LineInput): Promise<(string | null)[]> {
  const lines: (string | null)[] = [];
  while (true) {
    const line = await input.input("");
    lines.push(line === null ? null : decoder.decode(line));
    if (line === null) return lines;
  }
}

Deno.test("LineInput splits lines however the input is chunked", async () => {
  const input = new LineInput(chunks("he", "llo\nwor", "ld\n\n", "你", "好\nlast"), silent);
  assertEquals(await readAll(input), ["hello", "world", "", "你好", "last", null]);
});

Deno.test("LineInput keeps \\r and surrounding spaces for the caller to strip", async () => {
  const input = new LineInput(chunks(" a \r\n"), silent);
  assertEquals(await readAll(input), [" a \r", null]);
});

Deno.test("LineInput returns the raw bytes of a line that is not UTF-8", async () => {
  const input = new LineInput(chunks([0xff, 0x61, 0x0a]), silent);
  assertEquals(await input.input(""), new Uint8Array([0xff, 0x61]));
  assertEquals(await input.input(""), null);
  assertEquals(await input.input(""), null);
});

Deno.test("LineInput writes the prompt before every read, as input() does", async () => {
  const written: string[] = [];
  const output = {
    write: (p: Uint8Array) => Promise.resolve(written.push(decoder.decode(p)) && p.length),
  };
  const input = new LineInput(chunks("x\n"), output);
  await input.input(">> ");
  await input.input(">> ");
  assertEquals(written, [">> ", ">> "]);
});

Deno.test("LineInput reads a line far longer than one read", async () => {
  const long = "ab".repeat(50_000);
  const input = new LineInput(chunks(long.slice(0, 70_000), long.slice(70_000) + "\n"), silent);
  assertEquals(decoder.decode((await input.input(""))!), long);
});

Deno.test("LineInput turns input it cannot read, such as a directory, into one line", async () => {
  const directory = {
    read(): Promise<number | null> {
      return Promise.reject(new Deno.errors.IsADirectory("Is a directory (os error 21)"));
    },
  };
  const input = new LineInput(directory, { write: (p: Uint8Array) => Promise.resolve(p.length) });
  await assertRejects(() => input.input(">> "), {
    message: "Cannot read the input: it is a directory",
    exitCode: 1,
  });
});
