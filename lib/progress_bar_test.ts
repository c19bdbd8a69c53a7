import { ProgressBar, renderProgress } from "./progress_bar.ts";
import { assertEquals } from "./_assert.ts";

function fakeTerminal(isTerminal: boolean) {
  const lines: string[] = [];
  return {
    lines,
    output: {
      writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length),
      isTerminal: () => isTerminal,
    },
  };
}

Deno.test("renderProgress() draws the fraction done, capped at 100%", () => {
  assertEquals(renderProgress(0, 45_000_000, 10), "[..........]   0%  0.0/45.0 MB");
  assertEquals(renderProgress(45_000_000, 45_000_000, 10), "[##########] 100%  45.0/45.0 MB");
  assertEquals(renderProgress(9, 0, 4), "[####] 100%  0.0/0.0 kB");
  assertEquals(renderProgress(1000, 45_000, 4), "[....]   2%  1.0/45.0 kB");
});

Deno.test("ProgressBar redraws in place on a terminal, at most once per interval, then clears", () => {
  const { lines, output } = fakeTerminal(true);
  let clock = 0;
  const bar = new ProgressBar(1_000_000, { output, now: () => clock });
  bar.update(100_000);
  clock = 50;
  bar.update(200_000); // too soon: skipped
  clock = 150;
  bar.update(300_000);
  bar.update(1_000_000); // the last one always draws
  bar.finish();
  assertEquals(lines, [
    `\r${renderProgress(100_000, 1_000_000)}`,
    `\r${renderProgress(300_000, 1_000_000)}`,
    `\r${renderProgress(1_000_000, 1_000_000)}`,
    "\r\x1b[K",
  ]);
});

Deno.test("ProgressBar clears once, and draws nothing after, so an error line starts clean", () => {
  const { lines, output } = fakeTerminal(true);
  const bar = new ProgressBar(100, { output, now: () => 0 });
  bar.update(51);
  bar.finish(); // before the error line
  bar.update(60);
  bar.finish(); // again, on the way out
  assertEquals(lines, [`\r${renderProgress(51, 100)}`, "\r\x1b[K"]);
});

Deno.test("ProgressBar writes nothing when the output is not a terminal", () => {
  const { lines, output } = fakeTerminal(false);
  const bar = new ProgressBar(10, { output });
  bar.update(5);
  bar.update(10);
  bar.finish();
  assertEquals(lines, []);
});

Deno.test("ProgressBar is cleared before any console.error line, and redraws below it", () => {
  const { lines, output } = fakeTerminal(true);
  const original = console.error;
  const stub = (...data: unknown[]) => lines.push(`${data.join(" ")}\n`);
  console.error = stub;
  try {
    let clock = 0;
    const bar = new ProgressBar(45_000, { output, now: () => clock });
    console.error("before the bar"); // nothing drawn yet: nothing to clear
    bar.update(4_096);
    console.error("[trace] recv 4096 B");
    console.error("[trace] recv 4096 B"); // the bar is already cleared
    clock = 10; // sooner than the interval, yet the bar is back at once
    bar.update(8_192);
    bar.update(12_288); // too soon: skipped
    bar.finish();
    console.error("[=] 45.0 kB");
    assertEquals(console.error, stub, "console.error is given back");
    assertEquals(lines, [
      "before the bar\n",
      `\r${renderProgress(4_096, 45_000)}`,
      "\r\x1b[K",
      "[trace] recv 4096 B\n",
      "[trace] recv 4096 B\n",
      `\r${renderProgress(8_192, 45_000)}`,
      "\r\x1b[K",
      "[=] 45.0 kB\n",
    ]);
  } finally {
    console.error = original;
  }
});

Deno.test("ProgressBar leaves console.error alone when it draws nothing", () => {
  const { output } = fakeTerminal(false);
  const original = console.error;
  const bar = new ProgressBar(10, { output });
  bar.update(5);
  assertEquals(console.error, original);
  bar.finish();
});
