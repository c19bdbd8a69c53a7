import { LEGEND, renderGrid } from "./grid.ts";
import { displayWidth } from "./side_by_side.ts";
import { assert, assertEquals } from "../../lib/_assert.ts";

Deno.test("renderGrid() puts servers in rows and clients in columns, within 80 columns", () => {
  const lines = renderGrid("file: server ↓ client →", [".py", ".ts", "npm", "SEA", "scripted"], [
    { server: "file_receiver.py", client: ".py", verdict: "pass", unexplained: false },
    {
      server: "file_receiver.py",
      client: "scripted",
      verdict: "original's flaw",
      unexplained: false,
    },
    { server: "file_receiver (SEA)", client: ".ts", verdict: "FAIL", unexplained: true },
  ]);
  assertEquals(lines, [
    "file: server ↓ client →  .py       .ts       npm       SEA       scripted",
    "file_receiver.py         pass                                    flaw",
    "file_receiver (SEA)                FAIL?",
  ]);
  for (const line of [...lines, ...LEGEND]) assert(displayWidth(line) <= 80, line);
});
