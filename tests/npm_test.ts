/**
 * The npm package from the outside: the Node build talking to the Deno
 * scripts in both directions, and the packed tarball installed into an empty
 * folder, where its bin, its ESM entry point and its types must work. Needs
 * the build in `npm/` (the test runner makes it first: `npm run build:npm`).
 *
 * The rest of the Node proof is the runner's second pass, which runs every
 * other end-to-end suite against the Node build (`SOCKET_PRIMER_RUNTIME=node`).
 */
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import {
  NODE_BIN,
  programName,
  ROOT,
  Spawned as Process,
  spawnNode,
  spawnProgram,
  subcommand,
} from "../scripts/_harness/process.ts";
import { freeTcpPort } from "../scripts/_harness/net.ts";
import { PROGRAMS } from "../scripts/programs.ts";
import { anchors, linkTargets } from "./_helpers/markdown.ts";
import { playTcpChat, TCP_CHAT } from "../scripts/_harness/sessions.ts";

const PACK_TIMEOUT_MS = 120_000;

try {
  await Deno.stat(NODE_BIN);
} catch {
  throw new Error(`No npm build at ${NODE_BIN}: run \`npm run build:npm\` first`);
}

const deno = (script: string, port: number) =>
  spawnProgram(programName(script), { port, host: "127.0.0.1" });
const node = (script: string, port: number) =>
  spawnNode(script, ["--host", "127.0.0.1", "--port", `${port}`]);

for (
  const [serverSide, clientSide, server, client] of [
    ["Node", "Deno", node, deno],
    ["Deno", "Node", deno, node],
  ] as const
) {
  Deno.test(`${serverSide} server and ${clientSide} client: the same transcripts as Deno with Deno`, async () => {
    const port = freeTcpPort();
    await using s = server("tcp/tcp_server.ts", port);
    await s.waitForStdout(TCP_CHAT.ready);
    await using c = client("tcp/tcp_client.ts", port);
    const { client: co, server: so, serverTranscript } = await playTcpChat(s, c);
    assertEquals([co.code, co.stderr, co.stdout], [0, "", TCP_CHAT.portClientStdout()]);
    assertEquals([so.code, so.stderr, serverTranscript], [0, "", TCP_CHAT.portServerTranscript()]);
  });
}

Deno.test("The packed package installs into an empty folder and works from there", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "socket-primer-npm-" });
  try {
    const app = `${work}/app`;
    await Deno.mkdir(app);
    let tarball = "";
    let packed: string[] = [];

    await t.step(
      "npm pack ships the built JavaScript and types, and no tests or sources",
      async () => {
        await using pack = new Process("npm", [
          "pack",
          "./npm",
          "--json",
          "--pack-destination",
          work,
        ], {
          timeoutMs: PACK_TIMEOUT_MS,
        });
        const p = await pack.outcome();
        assertEquals(p.code, 0, p.stderr);
        const [info] = JSON.parse(p.stdout) as { filename: string; files: { path: string }[] }[];
        tarball = `${work}/${info!.filename}`;
        const paths = info!.files.map((file) => file.path);
        packed = paths;
        for (
          const path of ["bin/socket_primer.js", "lib/mod.js", "lib/mod.d.ts", "tcp/tcp_server.js"]
        ) {
          assert(paths.includes(path), `${path} is missing from ${paths.join(", ")}`);
        }
        for (const path of ["package.json", "README.md", "LICENSE"]) {
          assert(paths.includes(path), path);
        }
        const strays = paths.filter((path) =>
          path.includes("_test.") || path.includes("_assert.") || /(?<!\.d)\.ts$/.test(path)
        );
        assertEquals(strays, []);
      },
    );

    await t.step("npm install of the tarball into an empty folder", async () => {
      await Deno.writeTextFile(
        `${app}/package.json`,
        '{ "name": "app", "private": true, "type": "module" }\n',
      );
      await using install = new Process(
        "npm",
        ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball],
        { cwd: app, timeoutMs: PACK_TIMEOUT_MS },
      );
      const i = await install.outcome();
      assertEquals(i.code, 0, i.stderr);
    });

    await t.step(
      "the package's README is its own, and every link in it resolves inside the package",
      async () => {
        const readme = await Deno.readTextFile(`${app}/node_modules/socket-primer/README.md`);
        assert(readme !== await Deno.readTextFile(`${ROOT}README.md`), "the repository's README");
        for (const repositoryOnly of ["npm ci", "npx deno", "npm test", "](docs/"]) {
          assert(!readme.includes(repositoryOnly), `the package's README says "${repositoryOnly}"`);
        }
        for (
          const command of ["npm install ", "npx socket-primer --version", 'from "socket-primer"']
        ) {
          assert(readme.includes(command), `the package's README shows ${command}`);
        }
        const example = readme.match(/```js[^\n]*\n([\s\S]*?)```/)?.[1] ?? "";
        assert(example.includes('from "socket-primer"'), "the README's library example");
        const checked = example.replace(
          /^(\S.*?); \/\/ (".*?")(,.*)?$/gm,
          "if ($1 !== $2) throw $1;",
        );
        await using run = new Process("node", ["--input-type=module", "-e", checked], { cwd: app });
        assertEquals(await run.outcome().then((o) => [o.code, o.stderr]), [0, ""], checked);
        const targets = linkTargets(readme);
        assert(targets.length > 0, "no links");
        const dead = targets.filter((target) => {
          // The project names no public repository: a URL could only guess.
          if (/^[a-z][a-z\d+.-]*:/i.test(target)) return true;
          const [path, anchor] = target.split("#", 2) as [string, string | undefined];
          if (path === "") return !anchors(readme).has(anchor ?? "");
          return !packed.includes(
            new URL(path, "file:///package/").pathname.slice("/package/".length),
          ) ||
            anchor !== undefined;
        });
        assertEquals(dead, []);
      },
    );

    await t.step(
      "npx socket-primer --help gives each subcommand with one line; --version the version; constructor is unknown",
      async () => {
        await using help = new Process("npx", ["--no-install", "socket-primer", "--help"], {
          cwd: app,
          timeoutMs: PACK_TIMEOUT_MS,
        });
        const h = await help.outcome();
        assertEquals([h.code, h.stderr], [0, ""]);
        for (const program of PROGRAMS) {
          const name = subcommand(program.script);
          assertMatch(h.stdout, new RegExp(`^  ${name} +\\S.{10,}$`, "m"), name);
        }
        const long = h.stdout.split("\n").filter((line) => line.length > 80);
        assertEquals(long, []);

        await using version = new Process("npx", ["--no-install", "socket-primer", "--version"], {
          cwd: app,
          timeoutMs: PACK_TIMEOUT_MS,
        });
        const v = await version.outcome();
        const { version: expected } = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
        const installed = JSON.parse(
          await Deno.readTextFile(`${app}/node_modules/socket-primer/package.json`),
        );
        assertEquals([v.code, v.stdout, v.stderr], [0, `${expected}\n`, ""]);
        assertEquals(installed.version, expected);

        // a name every object has is no command either: one line, exit 2, not a stack trace
        await using unknown = new Process("npx", ["--no-install", "socket-primer", "constructor"], {
          cwd: app,
          timeoutMs: PACK_TIMEOUT_MS,
        });
        const u = await unknown.outcome();
        assertEquals([u.code, u.stdout, u.stderr], [
          2,
          "",
          'Unknown command "constructor": run with --help for the commands\n',
        ]);
      },
    );

    await t.step("npx socket-primer tcp-server --help prints the script's usage", async () => {
      await using help = new Process("npx", ["--no", "socket-primer", "tcp-server", "--help"], {
        cwd: app,
        timeoutMs: PACK_TIMEOUT_MS,
      });
      const h = await help.outcome();
      assertEquals(h.code, 0, h.stderr);
      assert(
        h.stdout.startsWith(
          "Usage: socket-primer tcp-server [--host HOST] [--port PORT] [--lang LANG] [--trace]\n" +
            "       socket-primer tcp-server -k [--max-conns N] [--max-per-host N] [--idle-timeout SECONDS]\n",
        ),
        h.stdout,
      );
    });

    await t.step("an echo session between the installed server and client", async () => {
      const port = freeTcpPort();
      const args = ["--host", "127.0.0.1", "--port", `${port}`];
      // The server runs the installed bin itself (one process to kill); the
      // client goes through npx and ends on its own at the end of its input.
      await using server = new Process(`${app}/node_modules/.bin/socket-primer`, [
        "tcp-server",
        ...args,
      ], {
        cwd: app,
      });
      await server.waitForStdout(TCP_CHAT.ready);
      await using client = new Process("npx", ["--no", "socket-primer", "tcp-client", ...args], {
        cwd: app,
        timeoutMs: PACK_TIMEOUT_MS,
      });
      const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", TCP_CHAT.portClientStdout()]);
      assertEquals([s.code, s.stderr, serverTranscript], [0, "", TCP_CHAT.portServerTranscript()]);
    });

    await t.step(
      'import { asciiUpper } from "socket-primer" works in Node ESM, adding no global',
      async () => {
        const code = `import { asciiUpper, decodeUtf8, formatPythonAddress } from "socket-primer";
console.log(decodeUtf8(asciiUpper(new TextEncoder().encode("héllo, wörld"))));
console.log(formatPythonAddress({ hostname: "::1", port: 8080 }));
console.log(typeof globalThis.Deno);`;
        await using esm = new Process(
          "node",
          // --pending-deprecation: importing the library alone uses no deprecated Node API
          ["--pending-deprecation", "--input-type=module", "-e", code],
          { cwd: app },
        );
        const e = await esm.outcome();
        assertEquals([e.code, e.stderr], [0, ""]);
        assertEquals(e.stdout, "HéLLO, WöRLD\n('::1', 8080, 0, 0)\nundefined\n");
      },
    );

    await t.step(
      "its types resolve in a strict TypeScript project, and catch a misuse",
      async () => {
        await Deno.writeTextFile(
          `${app}/tsconfig.json`,
          JSON.stringify({
            compilerOptions: {
              strict: true,
              noEmit: true,
              module: "NodeNext",
              moduleResolution: "NodeNext",
              target: "ES2022",
              lib: ["ES2023", "ESNext.Disposable"],
              types: ["node"],
              typeRoots: [`${ROOT}node_modules/@types`],
            },
            files: ["main.ts"],
          }),
        );
        const tsc = (source: string) => {
          Deno.writeTextFileSync(`${app}/main.ts`, source);
          return new Process("node", [`${ROOT}node_modules/typescript/bin/tsc`, "-p", "."], {
            cwd: app,
            timeoutMs: PACK_TIMEOUT_MS,
          });
        };
        await using good = tsc(
          `import { asciiUpper, ByteReader, CliError, parseFlags, type Reader } from "socket-primer";
const upper: Uint8Array = asciiUpper(new Uint8Array([0x61]));
const source: Reader = { read: () => Promise.resolve(null) };
const reader = new ByteReader(source);
const flags = parseFlags(["--port", "9"], { usage: "", host: "127.0.0.1", port: 8080 });
const port: number = flags.port;
const error: CliError = new CliError("Cannot work: no reason", 1);
console.log(upper, reader, port, error.exitCode);
`,
        );
        const g = await good.outcome();
        assertEquals([g.code, g.stdout], [0, ""]);

        await using bad = tsc(`import { asciiUpper } from "socket-primer";
const text: string = asciiUpper(new Uint8Array([0x61]));
console.log(text);
`);
        const b = await bad.outcome();
        assertEquals(b.code, 2);
        assertMatch(
          b.stdout,
          /main\.ts\(2,7\): error TS2322: Type 'Uint8Array.*' is not assignable to type 'string'/,
        );
      },
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
