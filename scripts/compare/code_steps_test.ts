import { alignSteps } from "./code_steps.ts";
import { assertEquals } from "../../lib/_assert.ts";

Deno.test("alignSteps() puts a ranged Deno step beside each Python step it covers", () => {
  const python =
    "import socket\n# 1. create\ns = socket()\n# 2. bind\ns.bind()\n# 3. listen\ns.listen()\n";
  const deno =
    "import x;\n// 1-3. Deno.listen\nconst l = Deno.listen();\n// 4. accept\nawait l.accept();\n";
  assertEquals(alignSteps(python, deno), [
    { steps: "", python: "import socket\n", deno: "import x;\n" },
    {
      steps: "1-3",
      python: "# 1. create\ns = socket()\n# 2. bind\ns.bind()\n# 3. listen\ns.listen()\n",
      deno: "// 1-3. Deno.listen\nconst l = Deno.listen();\n",
    },
    { steps: "4", python: "", deno: "// 4. accept\nawait l.accept();\n" },
  ]);
});

Deno.test("alignSteps() aligns the real TCP server step by step", async () => {
  const root = new URL("../../", import.meta.url);
  const rows = alignSteps(
    await Deno.readTextFile(new URL("tcp/tcp_server.py", root)),
    await Deno.readTextFile(new URL("tcp/tcp_server.ts", root)),
  );
  assertEquals(rows.map((row) => row.steps), ["", "1-3", "4", "5", "6"]);
  for (const row of rows.slice(1)) {
    assertEquals(row.python === "" || row.deno === "", false, row.steps);
  }
});
