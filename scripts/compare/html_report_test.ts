import { renderHtml } from "./html_report.ts";
import { alignSteps } from "./code_steps.ts";
import { assert, assertEquals } from "../../lib/_assert.ts";

const PYTHON = "# The original.\nimport socket\nPORT = 1\n# 1. 创建\ns = socket.socket()\n";
const DENO = [
  "#!/usr/bin/env -S deno run",
  "/** The port. */",
  'import { listen } from "./x.ts";',
  "export function main() {",
  "  // 1. 创建",
  "  const s = listen();",
  "  const t = listen();",
  "}",
  "function helper() {}",
].join("\n");

function page(): string {
  return renderHtml([], [{
    id: "tcp",
    title: "TCP",
    input: "hi",
    programs: [{
      files: ["a.py", "a.ts"],
      steps: alignSteps(PYTHON, DENO),
      transcript: [],
      transcriptNote: "taken here",
      differences: [],
      unexplained: [],
    }],
  }]);
}

Deno.test("renderHtml() heads the code with each side's code lines and the port's ratio", () => {
  const html = page();
  assert(html.includes("a.py (Python) · 2 code lines</div>"), html);
  assert(html.includes("a.ts (Deno) · 6 code lines, 3.0 ×</div>"), html);
});

Deno.test("renderHtml() shows the preamble's first line and folds the rest", () => {
  const html = page();
  assert(html.includes('<pre class="code code-python"># The original.\n</pre><details>'), html);
  assert(html.includes("<summary>2 more lines: docs, imports, settings (1 code line)</summary>"));
  assert(html.includes('<pre class="code code-deno">#!/usr/bin/env -S deno run\n</pre>'), html);
});

Deno.test("renderHtml() puts the port's code outside every step in a row marked as not in the original", () => {
  const html = page();
  const extra = html.match(
    /<div class="step extra">\+<\/div><p[^>]*>([^<]*)<\/p><pre[^>]*>([^<]*)</,
  );
  assertEquals(extra?.slice(1), [
    "Not in the original: the port's code outside every step (1 code line).",
    "function helper() {}\n",
  ]);
});
