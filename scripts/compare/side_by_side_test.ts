import { displayWidth, fitToWidth, renderSideBySide } from "./side_by_side.ts";
import { assertEquals } from "../../lib/_assert.ts";

Deno.test("displayWidth() counts CJK characters as two cells", () => {
  assertEquals(displayWidth("abc"), 3);
  assertEquals(displayWidth("你好，世界"), 10);
  assertEquals(displayWidth("ünï"), 3);
});

Deno.test("fitToWidth() pads short lines and cuts long ones with an ellipsis", () => {
  assertEquals(fitToWidth("ab", 4), "ab  ");
  assertEquals(fitToWidth("abcdef", 4), "abc…");
  assertEquals(fitToWidth("你好世界", 5), "你好…");
  assertEquals(displayWidth(fitToWidth("你好世界", 6)), 6);
  assertEquals(fitToWidth("a\tb", 3), "a·b");
});

Deno.test("renderSideBySide() marks each kind of difference", () => {
  const lines = renderSideBySide(
    [
      { kind: "same", left: "a", right: "a" },
      { kind: "changed", left: "b", right: "B" },
      { kind: "left", left: "c" },
      { kind: "right", right: "d" },
    ],
    ["py", "ts"],
    3,
  );
  assertEquals(lines, ["py    ts", "───   ───", "a     a", "b   ≠ B", "c   <", "    > d"]);
});

Deno.test("renderSideBySide() cuts long lines on both sides to the column, with a marker", () => {
  const lines = renderSideBySide(
    [{ kind: "changed", left: "a".repeat(10), right: "你好".repeat(5) }],
    ["py", "ts"],
    5,
  );
  assertEquals(lines.at(-1), "aaaa… ≠ 你好…");
  for (const line of lines) assertEquals(displayWidth(line) <= 13, true, line);
});
