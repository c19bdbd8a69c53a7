/**
 * The Node runtime holds only what the programs call: every name exported by
 * the `Deno` shim (`_runtime/deno.node.ts`, `Deno.errors` included) and by
 * the network pair (`_net.node.ts`) is used by the scripts, `lib/` or the
 * bin. An export nobody calls fails here, and goes.
 */
import { assertEquals } from "./_assert.ts";

const ROOT = new URL("../", import.meta.url);
/** Where the programs' code lives: `lib/` (less the runtime) and the folders of the scripts and the bin. */
const PROGRAM_FOLDERS = ["lib", "tcp", "udp", "filetransfer", "bin"];

/** The programs' code: every module but tests and the runtime, with comment lines dropped. */
async function programCode(): Promise<string> {
  const code: string[] = [];
  for (const folder of PROGRAM_FOLDERS) {
    for await (const entry of Deno.readDir(new URL(folder, ROOT))) {
      const { name } = entry;
      if (!entry.isFile || !name.endsWith(".ts") || name.endsWith("_test.ts")) continue;
      if (name.startsWith("_runtime") || name.startsWith("_net.")) continue;
      const text = await Deno.readTextFile(new URL(`${folder}/${name}`, ROOT));
      code.push(...text.split("\n").filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)));
    }
  }
  return code.join("\n");
}

/** The names a module exports: `export { a, type B }` lists and `export class C`-style declarations. */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const item of list!.split(",")) {
      const name = item.replace(/^\s*type\s+/, "").trim().split(/\s+as\s+/).at(-1)!;
      if (name !== "") names.push(name);
    }
  }
  for (const [, name] of source.matchAll(/^export (?:async )?(?:\w+ |\* as )(\w+)/gm)) {
    names.push(name!);
  }
  return names;
}

async function exportsOf(path: string): Promise<string[]> {
  const names = exportedNames(await Deno.readTextFile(new URL(path, ROOT)));
  if (names.length === 0) throw new Error(`No exports found in ${path}`);
  return names;
}

const code = await programCode();
const unused = (names: string[], use: (name: string) => RegExp) =>
  names.filter((name) => !use(name).test(code));

Deno.test("exportedNames() reads export lists and declarations", () => {
  const source = `export { a, type B, c as d } from "./x.ts";
export type { E } from "./y.ts";
export * as errors from "./errors.ts";
export class F extends G {}
export async function h() {}
export const i = 1;`;
  assertEquals(exportedNames(source), ["a", "B", "d", "E", "errors", "F", "h", "i"]);
});

Deno.test("Every member of the Node runtime's Deno namespace is used by the programs", async () => {
  const members = (await exportsOf("lib/_runtime/deno.node.ts")).filter((name) =>
    name !== "errors"
  );
  assertEquals(unused(members, (name) => new RegExp(`\\bDeno\\.${name}\\b`)), []);
});

Deno.test("Every class of the Node runtime's Deno.errors is used by the programs", async () => {
  const classes = await exportsOf("lib/_runtime/errors.node.ts");
  assertEquals(unused(classes, (name) => new RegExp(`\\bDeno\\.errors\\.${name}\\b`)), []);
});

Deno.test("Every network call of the runtime pair is imported by a program", async () => {
  const calls = await exportsOf("lib/_net.node.ts");
  assertEquals(calls.sort(), (await exportsOf("lib/_net.deno.ts")).sort());
  const imported = (name: string) =>
    new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from "[./]*(lib/)?_net\\.deno\\.ts"`);
  assertEquals(unused(calls, imported), []);
});
