import { classify } from "./classify.ts";
import { readDifferences } from "./differences.ts";
import { diffLines } from "./line_diff.ts";
import { assertEquals } from "../../lib/_assert.ts";

const DIFFERENCES = readDifferences(
  "| # | Program | Python | Port | Why |\n| --- | --- | --- | --- | --- |\n" +
    "| D1 | tcp_server | `recv(1024)`: cut | whole | speed |\n" +
    "| D2 | all | — | a summary on stderr | — |\n",
);

Deno.test("classify() links each differing line to its row, or leaves it unexplained", () => {
  const rows = diffLines(["start", "got: aaa", "got: a!", "end"], [
    "start",
    "got: aaaa!",
    "end",
    "[stderr] summary",
    "surprise",
  ]);
  const lines = classify(rows, "tcp_server", [
    { phrase: "`recv(1024)`", original: /^got: a/, port: /^got: a/ },
    { phrase: "a summary on stderr", port: /^\[stderr\] summary/ },
  ], DIFFERENCES);
  assertEquals(lines.map(({ side, line, difference }) => [side, line, difference?.id]), [
    ["original", "got: aaa", "D1"],
    ["port", "got: aaaa!", "D1"],
    ["original", "got: a!", "D1"],
    ["port", "[stderr] summary", "D2"],
    ["port", "surprise", undefined],
  ]);
});
