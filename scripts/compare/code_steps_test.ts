import { alignSteps, type StepRow, stepRowProblem } from "./code_steps.ts";
import { assertEquals } from "../../lib/_assert.ts";

const PYTHON = [
  "# The original.",
  "import socket",
  "PORT = 8080",
  "",
  "# 1. 创建 TCP Socket",
  "server = socket.socket()",
  "# 2. 绑定",
  "server.bind(('0.0.0.0', PORT))",
  "# 3. 监听",
  "server.listen(5)",
  "",
  "# 4. 接受",
  "conn, addr = server.accept()",
  'print(f"与 {addr} 建立连接")',
  "",
  "# 5. 收发",
  "while True:",
  "    data = conn.recv(1024)",
  "    if not data:",
  "        break",
  "    conn.send(data.upper())",
  "",
  "# 6. 关闭",
  "conn.close()",
].join("\n");

/** The sketch in STYLE.md: main() with steps 1-3 and 4, echo() with the step-4 print, 5 and 6. */
const SKETCH = [
  "/** The port. */",
  'import { listenTcp } from "../lib/mod.ts";',
  "",
  "export async function main(args: string[]) {",
  "  const opts = parseFlags(args, FLAGS);",
  "  // 1-3. 创建 socket、绑定、监听",
  "  using server = await listenTcp(opts);",
  "  // 4. 接受客户端连接",
  "  await serve(server, opts, echo);",
  "}",
  "",
  "/** One client. */",
  "async function echo(conn: Conn) {",
  "  print(`与 ${addressOf(conn)} 建立连接`);",
  "  // 5. 循环收发数据",
  "  for await (const data of receive(conn)) {",
  "    await writeAll(conn, asciiUpper(data));",
  "  }",
  "  // 6. 关闭连接",
  "}",
  "",
  "/** A helper. */",
  "function addressOf(conn: Conn) {",
  "  return String(conn.remoteAddr);",
  "}",
  "",
  "if (import.meta.main) await main(Deno.args);",
].join("\n");

function summary(rows: StepRow[]) {
  return rows.map((row) => [row.kind, row.steps, row.pythonLines, row.denoLines]);
}

Deno.test("alignSteps() gives the preamble, each step and the code outside every step a row", () => {
  const rows = alignSteps(PYTHON, SKETCH);
  assertEquals(summary(rows), [
    ["preamble", "", 1, 2],
    ["step", "1-3", 3, 1],
    ["step", "4", 2, 4],
    ["step", "5", 5, 3],
    ["step", "6", 1, 1],
    ["extra", "", 0, 4],
  ]);
  assertEquals(rows[0].deno, SKETCH.split("\n").slice(0, 5).join("\n") + "\n");
  assertEquals(
    rows[2].deno,
    "  // 4. 接受客户端连接\n  await serve(server, opts, echo);\n}\n⋮\n" +
      "/** One client. */\nasync function echo(conn: Conn) {\n" +
      "  print(`与 ${addressOf(conn)} 建立连接`);\n",
  );
  assertEquals(rows[4].deno, "  // 6. 关闭连接\n}\n");
  assertEquals(
    rows[5].deno,
    "/** A helper. */\nfunction addressOf(conn: Conn) {\n  return String(conn.remoteAddr);\n}\n\n" +
      "if (import.meta.main) await main(Deno.args);\n",
  );
  assertEquals(rows.map(stepRowProblem), rows.map(() => undefined));
});

Deno.test("alignSteps() ends a step where the block holding its comment closes", () => {
  const deno = [
    "export async function main() {",
    "  // 1-3. 创建、绑定、监听",
    "  using server = listen();",
    "  if (!keepOpen) {",
    "    // 4. 接受",
    "    using conn = await server.accept();",
    "    await echo(conn);",
    "    return;",
    "  }",
    "  for await (const conn of server) serveMany(conn);",
    "}",
  ].join("\n");
  const rows = alignSteps(PYTHON, deno);
  assertEquals(
    rows[2].deno,
    "  // 4. 接受\n  using conn = await server.accept();\n  await echo(conn);\n  return;\n}\n",
  );
  assertEquals(rows.at(-1)!.kind, "extra");
  assertEquals(rows.at(-1)!.deno, "  for await (const conn of server) serveMany(conn);\n}\n");
});

Deno.test("alignSteps() puts every place of one step, and overlapping ranges, in one row", () => {
  const deno = [
    "// 1-2. 创建、绑定",
    "const server = bind();",
    "// 2-3. 监听",
    "server.listen();",
    "// 4. 接受",
    "const conn = accept();",
    "// 5. 收发",
    "loop();",
    "// 4. 接受 (again)",
    "print(addr);",
    "// 6. 关闭",
    "conn.close();",
  ].join("\n");
  const rows = alignSteps(PYTHON, deno);
  assertEquals(summary(rows), [
    ["preamble", "", 1, 0],
    ["step", "1-3", 3, 2],
    ["step", "4", 2, 2],
    ["step", "5", 5, 1],
    ["step", "6", 1, 1],
  ]);
  assertEquals(
    rows[2].deno,
    "// 4. 接受\nconst conn = accept();\n⋮\n// 4. 接受 (again)\nprint(addr);\n",
  );
});

Deno.test("stepRowProblem() names a step missing on either side and a step that grew", () => {
  const deno = [
    "// 1-3. 创建、绑定、监听",
    "const server = listen();",
    "// 4. 接受",
    ...Array.from({ length: 9 }, (_, i) => `const line${i} = ${i};`),
    "// 6. 关闭",
    "conn.close();",
    "// 7. 多余",
    "extra();",
  ].join("\n");
  const problems = alignSteps(PYTHON, deno).map(stepRowProblem).filter(Boolean);
  assertEquals(problems, [
    "step 4: the port has 9 code lines, more than 3 × 2 + 2 = 8",
    "step 5: the port has no code for it",
    "step 7: the original has no such step",
  ]);
});

Deno.test("stepRowProblem() allows 3 × the original's lines + 2", () => {
  const deno = [
    "// 1-3. 创建、绑定、监听",
    "const server = listen();",
    "// 4. 接受",
    ...Array.from({ length: 8 }, (_, i) => `const line${i} = ${i};`),
    "// 5. 收发",
    "loop();",
    "// 6. 关闭: `using` closes it",
  ].join("\n");
  assertEquals(alignSteps(PYTHON, deno).map(stepRowProblem).filter(Boolean), []);
});

Deno.test("alignSteps() puts a step function's head with the step that calls it", () => {
  const deno = [
    "export async function main() {",
    "  // 1-3. 创建、绑定、监听",
    "  using server = listen();",
    "  // 4. 接受",
    "  using conn = await server.accept();",
    "  // 5. 收发",
    "  await echoAll(conn);",
    "  // 6. 关闭",
    "}",
    "",
    "/** Step 5 for one client. */",
    "async function echoAll(conn: Conn) {",
    "  const reader = new ByteReader(conn);",
    "  // 5. 收发",
    "  for await (const data of reader) await conn.write(data);",
    "}",
  ].join("\n");
  const rows = alignSteps(PYTHON, deno);
  assertEquals(
    rows.map((row) => [row.steps, row.denoLines]),
    [["", 1], ["1-3", 1], ["4", 1], ["5", 5], ["6", 1]],
  );
  assertEquals(
    rows[3].deno,
    "// 5. 收发\nawait echoAll(conn);\n⋮\n/** Step 5 for one client. */\n" +
      "async function echoAll(conn: Conn) {\n  const reader = new ByteReader(conn);\n" +
      "  // 5. 收发\n  for await (const data of reader) await conn.write(data);\n}\n",
  );
  assertEquals(rows[4].deno, "  // 6. 关闭\n}\n");
});
