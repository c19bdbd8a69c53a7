/**
 * A Python original and its Deno port, aligned by the tutorial's numbered
 * steps (`# 1. ...` in Python, `// 1. ...` or `// 1-3. ...` in TypeScript).
 *
 * @module
 */

/** One row of the aligned code: the Python lines of some steps, and the Deno lines for them. */
export interface StepRow {
  /** The step numbers, such as `1-3`, or `""` for what comes before step 1. */
  steps: string;
  /** The Python source of those steps. */
  python: string;
  /** The TypeScript source of those steps. */
  deno: string;
}

interface Block {
  first: number;
  last: number;
  text: string;
}

/** Splits source into blocks that each start at a numbered-step comment. */
function blocks(source: string, marker: RegExp): Block[] {
  const result: Block[] = [{ first: 0, last: 0, text: "" }];
  for (const line of source.split("\n")) {
    const match = line.match(marker);
    if (match) {
      const first = Number(match[1]);
      result.push({ first, last: match[2] ? Number(match[2]) : first, text: "" });
    }
    result.at(-1)!.text += line + "\n";
  }
  return result.map((block) => ({ ...block, text: block.text.replace(/\n+$/, "\n") }));
}

const PYTHON_STEP = /^\s*# (\d+)\.\s/;
const DENO_STEP = /^\s*\/\/ (\d+)(?:-(\d+))?\.\s/;

/**
 * Aligns the two sources: each Deno step block (which may cover a range of
 * Python steps, as `Deno.listen` does for `socket()`, `bind()` and `listen()`)
 * sits beside the Python blocks of the same steps.
 */
export function alignSteps(python: string, deno: string): StepRow[] {
  const pythonBlocks = blocks(python, PYTHON_STEP);
  const rows: StepRow[] = [];
  const used = new Set<Block>();
  for (const block of blocks(deno, DENO_STEP)) {
    const matching = pythonBlocks.filter((p) =>
      !used.has(p) && p.first >= block.first && p.first <= block.last
    );
    matching.forEach((p) => used.add(p));
    rows.push({
      steps: block.first === 0
        ? ""
        : block.first === block.last
        ? `${block.first}`
        : `${block.first}-${block.last}`,
      python: matching.map((p) => p.text).join(""),
      deno: block.text,
    });
  }
  for (const p of pythonBlocks.filter((p) => !used.has(p))) {
    rows.push({ steps: String(p.first), python: p.text, deno: "" });
  }
  return rows;
}
