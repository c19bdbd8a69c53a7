/**
 * Builds the npm package `socket-primer` into `npm/` from the same source as
 * the Deno scripts, the way dnt's template does, with deno2node (published on
 * npm, run by Node) in dnt's place:
 *
 * 1. clean `npm/`;
 * 2. transpile `lib/`, the `socket-primer` bin and the scripts it runs to ESM
 *    and `.d.ts`, with `lib/_runtime.node.ts` standing in for `Deno`;
 * 3. write `npm/package.json`;
 * 4. copy the package's own README (`scripts/npm_readme.md`: install,
 *    command and library, with links that resolve inside the package) and LICENSE.
 *
 * The test runner then proves the package on Node (`scripts/run_tests.ts`).
 *
 * ```sh
 * npm run build:npm      # or: deno task build:npm
 * ```
 *
 * @module
 */
import { runOrExit } from "./_harness/command.ts";
import { parseToolFlags } from "./_harness/flags.ts";
import { ROOT } from "./_harness/root.ts";

parseToolFlags(
  Deno.args,
  `Usage: build_npm

Builds the npm package socket-primer into npm/ (see the module doc).

  -h, --help  show this help`,
  {},
);

const OUT = "npm";
const { version } = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));

// 1. Clean the output folder.
await Deno.remove(`${ROOT}${OUT}`, { recursive: true }).catch((error) => {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
});
await Deno.mkdir(`${ROOT}${OUT}`);

// 2. Transpile. deno2node reads a tsconfig.json: write one into npm/ for the
// build alone. Its paths are relative to npm/, so "../" is the repository.
const TSCONFIG = {
  // The package's entry points; the compiler follows their imports, including
  // each script the bin imports, so adding a script to the bin adds it here.
  files: [
    "../lib/mod.ts",
    "../bin/socket_primer.ts",
    "../lib/_runtime_test.ts",
    "import_meta.d.ts",
  ],
  compilerOptions: {
    target: "ES2022", // Node 20 runs it as is; `using` is lowered for Node 20
    lib: ["ES2023", "ESNext.Disposable"],
    module: "ES2022",
    moduleResolution: "Bundler",
    rewriteRelativeImportExtensions: true, // the bin's import("../tcp/tcp_server.ts")
    types: ["node"],
    strict: true,
    declaration: true,
    skipLibCheck: true,
    noEmitOnError: true,
    rootDir: "..",
    outDir: ".",
  },
  deno2node: {
    // Every module that uses `Deno` gets `import { Deno } from ".../_runtime.node.js"`.
    shim: "../lib/_runtime.node.ts",
  },
};
await Deno.writeTextFile(`${ROOT}${OUT}/tsconfig.json`, JSON.stringify(TSCONFIG, null, 2));
// Node 20 has no `import.meta.main`, so a script's `if (import.meta.main)` is
// false there and the bin runs its `main`. Declared for this compile alone, in
// a file the package does not ship: the package adds no global.
await Deno.writeTextFile(
  `${ROOT}${OUT}/import_meta.d.ts`,
  "export {};\ndeclare global {\n  interface ImportMeta {\n    main?: boolean;\n  }\n}\n",
);
await run("node", [`${ROOT}node_modules/deno2node/lib/cli.js`, `${OUT}/tsconfig.json`]);
await Deno.remove(`${ROOT}${OUT}/tsconfig.json`);
await Deno.remove(`${ROOT}${OUT}/import_meta.d.ts`);

// The bin is the one entry point on Node: give it a shebang. The scripts are
// modules whose `main()` it runs (Node 20 has no `import.meta.main`), so
// their Deno shebang, which deno2node turned into Node's, goes.
const BIN = "bin/socket_primer.js";
await Deno.writeTextFile(
  `${ROOT}${OUT}/${BIN}`,
  `#!/usr/bin/env node\n${await Deno.readTextFile(`${ROOT}${OUT}/${BIN}`)}`,
);
await Deno.chmod(`${ROOT}${OUT}/${BIN}`, 0o755);
const folders: string[] = [];
for await (const entry of Deno.readDir(`${ROOT}${OUT}`)) {
  if (entry.isDirectory) folders.push(entry.name);
}
for (const folder of folders.filter((name) => name !== "bin" && name !== "lib")) {
  for await (const entry of Deno.readDir(`${ROOT}${OUT}/${folder}`)) {
    if (!entry.name.endsWith(".js")) continue;
    const path = `${ROOT}${OUT}/${folder}/${entry.name}`;
    await Deno.writeTextFile(path, (await Deno.readTextFile(path)).replace(/^#!.*\n/, ""));
    await Deno.chmod(path, 0o644);
  }
}

// 3. package.json
const PACKAGE = {
  name: "socket-primer",
  version,
  description:
    "The socket programs of a Chinese socket-programming tutorial (TCP chat, UDP chat, file transfer), ported from Python to TypeScript: a CLI and helpers for Node",
  license: "MIT",
  type: "module",
  exports: {
    ".": { types: "./lib/mod.d.ts", default: "./lib/mod.js" },
    "./package.json": "./package.json",
  },
  bin: { "socket-primer": BIN },
  engines: { node: ">=20" },
  files: [...folders.sort(), "!**/*_test.*", "!lib/_assert.*"], // tests stay out
};
await Deno.writeTextFile(`${ROOT}${OUT}/package.json`, JSON.stringify(PACKAGE, null, 2) + "\n");

// 4. README and LICENSE: the repository's README speaks to its readers
// (npm ci, npx deno, docs/), the package's to the package's users.
await Deno.copyFile(`${ROOT}scripts/npm_readme.md`, `${ROOT}${OUT}/README.md`);
await Deno.copyFile(`${ROOT}LICENSE`, `${ROOT}${OUT}/LICENSE`);
console.log(`Built ${PACKAGE.name}@${version} in ${OUT}/ (${folders.sort().join(", ")})`);

/** Runs a command in the repository root; ends the build in one line if it fails. */
async function run(command: string, args: string[]): Promise<void> {
  await runOrExit("build the package", command, args);
}
