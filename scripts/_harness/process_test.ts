import { Spawned } from "./process.ts";
import { execute } from "./command.ts";
import { assertEquals, assertRejects } from "../../lib/_assert.ts";

const SH = ["-c", 'printf "one\\ntwo\\nthree"; printf "warn\\n" >&2'];

Deno.test("Spawned collects stdout and stderr by default", async () => {
  await using child = new Spawned("sh", SH);
  const { code, stdout, stderr } = await child.outcome();
  assertEquals([code, stdout, stderr], [0, "one\ntwo\nthree", "warn\n"]);
});

Deno.test("Spawned hands each stdout line to a function and keeps none; null throws stderr away", async () => {
  const lines: string[] = [];
  await using child = new Spawned("sh", SH, {
    stdin: "null",
    stdout: (line) => lines.push(line),
    stderr: "null",
  });
  const { code, stdout, stderr } = await child.outcome();
  assertEquals([code, stdout, stderr, lines], [0, "", "", ["one", "two", "three"]]);
});

Deno.test("Spawned without a stdin refuses a write in one line", async () => {
  await using child = new Spawned("true", [], { stdin: "null" });
  await assertRejects(() => child.write("x"), Error, "true was started without a stdin");
});

Deno.test("Spawned kills a process at its deadline: outcome() fails, ended() says so", async () => {
  await using late = new Spawned("sleep", ["10"], { timeoutMs: 200 });
  await assertRejects(() => late.outcome(), Error, "sleep 10 timed out after 200 ms");
  await using again = new Spawned("sleep", ["10"], { timeoutMs: 200 });
  const { code, timedOut } = await again.ended();
  assertEquals([code, timedOut], [143, true]);
});

Deno.test("execute() runs to the end with no deadline unless given one, and captures", async () => {
  assertEquals(
    await execute("sh", ["-c", "echo out; echo err >&2; exit 3"], { output: "capture" }),
    {
      code: 3,
      stdout: "out\n",
      stderr: "err\n",
    },
  );
  assertEquals((await execute("sleep", ["10"], { output: "capture", timeoutMs: 200 })).code, 143);
});
