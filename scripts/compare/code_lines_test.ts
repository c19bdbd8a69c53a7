import { countLines, languageOf, lineKinds, scanTypescript } from "./code_lines.ts";
import { assertEquals } from "../../lib/_assert.ts";

Deno.test("lineKinds() counts a Python line with code before its comment as code", () => {
  assertEquals(
    lineKinds("import socket, sys\nfrom os import (\n  path,\n)\nx = 1 # one\n  # two\n", "python"),
    ["import", "import", "import", "import", "code", "comment", "blank"],
  );
});

Deno.test("lineKinds() keeps // and /* inside TypeScript strings as code", () => {
  assertEquals(
    lineKinds('const a = "//";\nconst b = \'/* x */\';\nconst c = `//${"}"}`;', "typescript"),
    ["code", "code", "code"],
  );
});

Deno.test("lineKinds() reads a regular expression with quotes and slashes as code, not a string", () => {
  const source = [
    'const a = text.replace(/["\'`]/g, ""); // quotes',
    "const b = /\\/\\/ x/.test(s) ? 1 / 2 : 3; // { not a brace",
    "const c = /{+/;",
    "if (x) { return /}/; }",
    "// a comment",
  ].join("\n");
  assertEquals(lineKinds(source, "typescript"), ["code", "code", "code", "code", "comment"]);
  assertEquals(scanTypescript(source).depths, [0, 0, 0, 0, 0]);
});

Deno.test("lineKinds() skips TypeScript comments, JSDoc and multi-line imports", () => {
  const source = [
    "#!/usr/bin/env -S deno run",
    "/**",
    " * Docs, with `code` in them.",
    " */",
    "import {",
    "  a,",
    "  b,",
    '} from "./x.ts";',
    'import type { C } from "./c.ts";',
    "",
    "const x = 1; /* trailing */",
    "/* one */ // two",
    'await import("./y.ts");',
  ].join("\n");
  assertEquals(lineKinds(source, "typescript"), [
    "code",
    "comment",
    "comment",
    "comment",
    "import",
    "import",
    "import",
    "import",
    "import",
    "blank",
    "code",
    "comment",
    "code",
  ]);
});

Deno.test("lineKinds() counts the usage text apart, with the lines of its ${} inside it", () => {
  const source = [
    "const FLAGS = {",
    "  usage: `Usage: server [--port PORT]",
    "",
    "  --max-conns N  at most N (default ${MAX})`,",
    "  port: `${8080}`,",
    "};",
  ].join("\n");
  assertEquals(lineKinds(source, "typescript"), [
    "code",
    "usage",
    "usage",
    "usage",
    "code",
    "code",
  ]);
  assertEquals(countLines(source, "typescript"), { code: 3, usage: 3 });
});

Deno.test("scanTypescript() gives the brace depth each line starts at, braces in strings aside", () => {
  const source = [
    "function f() {",
    '  const s = "{";',
    "  if (x) {",
    "    g(`${{ a: 1 }.a}`);",
    "  }",
    "}",
    "f();",
  ].join("\n");
  assertEquals(scanTypescript(source).depths, [0, 1, 1, 2, 2, 1, 0]);
});

Deno.test("languageOf() tells Python by its extension", () => {
  assertEquals([languageOf("tcp/tcp_server.py"), languageOf("tcp/tcp_server.ts")], [
    "python",
    "typescript",
  ]);
});
