/**
 * Builds one self-contained binary per program with `deno compile`, named
 * like the Python files, into `dist/`, each with its script's least-privilege
 * permissions and `--unstable-net` baked in.
 *
 * `deno compile` needs the `denort` runtime for the target: it downloads it,
 * or takes the file that `DENORT_BIN` names. Where neither works, this prints
 * one line saying so and exits 1.
 *
 * ```sh
 * npx deno task compile [--target TARGET]   # or: npm run compile -- [--target TARGET]
 * ```
 *
 * @module
 */
import { execute } from "./_harness/command.ts";
import { parseToolFlags, usageExit } from "./_harness/flags.ts";
import { PROGRAMS } from "./programs.ts";

const USAGE = `Usage: compile [--target TARGET] [--only NAME] [--out DIR]

Builds dist/<name> for each program with deno compile.

  --target TARGET  any target deno compile supports, such as aarch64-apple-darwin
  --only NAME      build only this program, such as tcp_server
  --out DIR        where to write the binaries (default dist, or dist/TARGET)
  -h, --help       show this help

DENORT_BIN, if set, names the denort runtime to build on (no download).`;

const { values } = parseToolFlags(Deno.args, USAGE, {
  target: { type: "string" },
  only: { type: "string" },
  out: { type: "string" },
});
const programs = PROGRAMS.filter((program) =>
  values.only === undefined || program.name === values.only
);
if (programs.length === 0) {
  usageExit(
    `Unknown program "${values.only}": expected one of ${PROGRAMS.map((p) => p.name).join(", ")}`,
  );
}

const outputDir = values.out ?? (values.target ? `dist/${values.target}` : "dist");
await Deno.mkdir(outputDir, { recursive: true });

for (const program of programs) {
  const args = [
    "compile",
    "--no-prompt",
    "--unstable-net",
    ...program.permissions,
    ...(values.target ? ["--target", values.target] : []),
    "--output",
    `${outputDir}/${program.name}`,
    program.script,
  ];
  const { code, stderr } = await execute(Deno.execPath(), args, {
    output: "capture",
    env: { NO_COLOR: "1" },
  });
  if (code !== 0) {
    console.error(`Cannot compile ${program.name}: ${explain(stderr)}`);
    Deno.exit(1);
  }
  console.log(`${outputDir}/${program.name}  (${runFlags(program.permissions)})`);
}

/** Turns deno compile's error output into one line. */
function explain(stderr: string): string {
  const url = stderr.match(/error sending request for url \((\S+?)\)/)?.[1];
  if (url) {
    return `the denort runtime could not be downloaded from ${url}: ` +
      "set DENORT_BIN to a denort binary for this target";
  }
  const denortBin = Deno.env.get("DENORT_BIN");
  if (denortBin && /No such file|not found|os error 2/i.test(stderr)) {
    return `DENORT_BIN names ${denortBin}, which cannot be read`;
  }
  const lines = stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const error = lines.find((line) => line.startsWith("error:")) ?? lines.at(-1) ??
    "deno compile failed";
  return error.replace(/^error:\s*/, "");
}

function runFlags(permissions: string[]): string {
  return [...permissions, "--unstable-net"].join(" ");
}
