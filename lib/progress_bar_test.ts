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
