/**
 * The readability yardsticks over the six real programs: each port reads beside its
 * Python original, step for step (the comparison page's side-by-side rows),
 * and is at most 2.5 × its original's code lines.
 *
 * @module
 */
import { countLines } from "../scripts/compare/code_lines.ts";
import { alignSteps, stepRowProblem } from "../scripts/compare/code_steps.ts";
import { ROOT } from "../scripts/_harness/root.ts";
import { PROGRAMS } from "../scripts/programs.ts";
import { assertEquals } from "../lib/_assert.ts";

function sources(script: string): { python: string; deno: string } {
  return {
    python: Deno.readTextFileSync(`${ROOT}${script.replace(/\.ts$/, ".py")}`),
    deno: Deno.readTextFileSync(`${ROOT}${script}`),
  };
}

Deno.test("Every step row of the side-by-side view holds both sides, the port's at most 3 × + 2 lines", () => {
  const problems = PROGRAMS.flatMap(({ name, script }) => {
    const { python, deno } = sources(script);
    return alignSteps(python, deno).flatMap((row) => {
      const problem = stepRowProblem(row);
      return problem ? [`${name} ${problem}`] : [];
    });
  });
  assertEquals(problems, []);
});

Deno.test("Each port is at most 2.5 × its original's code lines", () => {
  const rows = PROGRAMS.map(({ name, script }) => {
    const { python, deno } = sources(script);
    return { name, py: countLines(python, "python"), ts: countLines(deno, "typescript") };
  });
  const total = (side: "py" | "ts") => rows.reduce((sum, row) => sum + row[side].code, 0);
  const table = [
    "program        .py  .ts  ×    (usage lines apart)",
    ...rows.map(({ name, py, ts }) =>
      `${name.padEnd(14)} ${String(py.code).padStart(3)}  ${String(ts.code).padStart(3)}  ${
        (ts.code / py.code).toFixed(1)
      }  (${ts.usage})`
    ),
    `${"all six".padEnd(14)} ${String(total("py")).padStart(3)}  ${
      String(total("ts")).padStart(3)
    }  ${(total("ts") / total("py")).toFixed(1)}`,
  ].join("\n");
  assertEquals(
    rows.filter(({ py, ts }) => ts.code > 2.5 * py.code).map(({ name }) => name),
    [],
    table,
  );
});
