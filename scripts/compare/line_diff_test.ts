import { diffLines } from "./line_diff.ts";
import { assertEquals } from "../../lib/_assert.ts";

Deno.test("diffLines() pairs changed lines and keeps one-sided ones", () => {
  assertEquals(diffLines(["a", "b", "c", "d"], ["a", "B", "c", "e", "f"]), [
    { kind: "same", left: "a", right: "a" },
    { kind: "changed", left: "b", right: "B" },
    { kind: "same", left: "c", right: "c" },
    { kind: "changed", left: "d", right: "e" },
    { kind: "right", right: "f" },
  ]);
});

Deno.test("diffLines() of equal transcripts is all same", () => {
  assertEquals(diffLines(["x", "y"], ["x", "y"]).map((row) => row.kind), ["same", "same"]);
  assertEquals(diffLines([], []), []);
  assertEquals(diffLines(["only"], []), [{ kind: "left", left: "only" }]);
});
