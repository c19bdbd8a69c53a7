/**
 * The documentation as a reader meets it: the README is a front page that
 * opens with the two commands and fits about 150 lines; every relative link
 * and anchor in README.md and docs/*.md leads somewhere that exists in the
 * repository; every repository path named in a code span exists; and every
 * page in docs/ is linked from the README.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { Spawned } from "../scripts/_harness/process.ts";
import { ROOT } from "../scripts/_harness/root.ts";
import { anchors, codeSpans, linkTargets, slug } from "./_helpers/markdown.ts";

const README_MAX_LINES = 150;
const OPENING_COMMANDS = [
  "npm ci && npm run compare   # the main job: Python vs the ports, every combination, on loopback",
  "npm ci && npm test          # every test: fmt, lint, type check, unit, doc and end-to-end",
];

/** What is wrong with each relative link of the page at `page` (from the repository root). */
async function brokenLinks(page: string, markdown: string): Promise<string[]> {
  const problems: string[] = [];
  const ignored = await ignoredFolders();
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z\d+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split("#", 2) as [string, string | undefined];
    let text = markdown;
    let resolved = page;
    if (path !== "") {
      const url = new URL(path, `file:///repository/${page}`);
      if (!url.pathname.startsWith("/repository/")) {
        problems.push(`${target}: outside the repository`);
        continue;
      }
      resolved = decodeURIComponent(url.pathname.slice("/repository/".length));
      const top = resolved.split("/")[0]!;
      if (ignored.has(top)) {
        problems.push(`${target}: ${top}/ is built, not in the repository`);
        continue;
      }
      try {
        const info = await Deno.stat(`${ROOT}${resolved}`);
        if (anchor === undefined) continue;
        if (!info.isFile || !resolved.endsWith(".md")) {
          if (!/^L\d+(-L\d+)?$/.test(anchor)) problems.push(`${target}: an anchor in a non-page`);
          continue;
        }
        text = await Deno.readTextFile(`${ROOT}${resolved}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        problems.push(`${target}: ${resolved} does not exist`);
        continue;
      }
    }
    if (anchor !== undefined && !anchors(text).has(decodeURIComponent(anchor))) {
      problems.push(`${target}: ${resolved} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

/** The repository paths in code spans (`tcp/tcp_server.ts`, `tests/_helpers/`) that do not exist. */
async function missingPaths(markdown: string): Promise<string[]> {
  const ignored = await ignoredFolders();
  const topLevel = new Set<string>();
  for await (const entry of Deno.readDir(ROOT)) {
    if (entry.isDirectory && entry.name !== ".git" && !ignored.has(entry.name)) {
      topLevel.add(entry.name);
    }
  }
  const missing: string[] = [];
  for (const span of codeSpans(markdown)) {
    if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(span) || !span.includes("/")) continue;
    if (!topLevel.has(span.split("/")[0]!)) continue;
    try {
      await Deno.stat(`${ROOT}${span}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      missing.push(span);
    }
  }
  return missing;
}

/** The top-level folders that .gitignore leaves out (built or installed, not in a clone). */
async function ignoredFolders(): Promise<Set<string>> {
  const lines = (await Deno.readTextFile(`${ROOT}.gitignore`)).split("\n");
  return new Set(lines.filter((line) => /^[\w.-]+\/$/.test(line)).map((line) => line.slice(0, -1)));
}

async function pages(): Promise<string[]> {
  const found = ["README.md"];
  for await (const entry of Deno.readDir(`${ROOT}docs`)) {
    if (entry.isFile && entry.name.endsWith(".md")) found.push(`docs/${entry.name}`);
  }
  return found.sort();
}

Deno.test("the README opens with the two commands and fits on a front page", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const lines = readme.trimEnd().split("\n");
  assertEquals(lines.slice(0, 6), ["# socket-primer", "", "```sh", ...OPENING_COMMANDS, "```"]);
  assert(
    lines.length <= README_MAX_LINES,
    `README.md has ${lines.length} lines; a front page has at most ${README_MAX_LINES}: move details to docs/`,
  );
});

Deno.test("every relative link and anchor in README.md and docs/*.md resolves", async (t) => {
  for (const page of await pages()) {
    await t.step(page, async () => {
      const problems = await brokenLinks(page, await Deno.readTextFile(`${ROOT}${page}`));
      assertEquals(problems, [], `${page} links to what is not there:\n${problems.join("\n")}`);
    });
  }
});

Deno.test("every repository path named in README.md and docs/*.md exists", async (t) => {
  for (const page of await pages()) {
    await t.step(page, async () => {
      const missing = await missingPaths(await Deno.readTextFile(`${ROOT}${page}`));
      assertEquals(missing, [], `${page} names paths that do not exist: ${missing.join(", ")}`);
    });
  }
});

Deno.test("every page in docs/ is linked from the README", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const linked = new Set(linkTargets(readme).map((target) => target.split("#")[0]));
  const orphans = (await pages()).filter((page) => page !== "README.md" && !linked.has(page));
  assertEquals(orphans, []);
});

Deno.test("every file the docs write with --html is one git ignores", async () => {
  const written = new Set<string>();
  for (const page of await pages()) {
    const text = await Deno.readTextFile(`${ROOT}${page}`);
    for (const [, file] of text.matchAll(/--html ([\w.-]+\.html)/g)) written.add(file!);
  }
  assert(written.has("compare.html"), [...written].join(", "));
  for (const file of written) {
    await using check = new Spawned("git", ["check-ignore", "-q", file], { timeoutMs: 10_000 });
    const ignored = await check.outcome();
    assertEquals(ignored.code, 0, `${file} is not in .gitignore`);
  }
});

Deno.test("the link checker finds a missing page, a missing anchor and a built folder", async () => {
  const page = [
    "# A page",
    "## The `deno compile` binaries",
    "## Step",
    "## Step",
    "[ok](#the-deno-compile-binaries) [ok](#step-1) [ok](../README.md#the-six-programs)",
    "[bad](#step-2) [bad](nowhere.md) [bad](../README.md#no-such-heading) [bad](../npm/x.js)",
    "[bad](../../elsewhere.md)",
    "[skip](https://example.com/x.md) `[not](a-link.md)`",
    "```sh",
    "[not](a-link-either.md)",
    "```",
  ].join("\n");
  assertEquals(await brokenLinks("docs/page.md", page), [
    "#step-2: docs/page.md has no heading with the anchor #step-2",
    "nowhere.md: docs/nowhere.md does not exist",
    "../README.md#no-such-heading: README.md has no heading with the anchor #no-such-heading",
    "../npm/x.js: npm/ is built, not in the repository",
    "../../elsewhere.md: outside the repository",
  ]);
  assertEquals(await missingPaths("`lib/mod.ts` `lib/no_such.ts` `npm/bin/x.js` `a b/c`"), [
    "lib/no_such.ts",
  ]);
});

Deno.test("slug() makes GitHub's anchors", () => {
  const cases: [string, string][] = [
    ["The `deno compile` binaries", "the-deno-compile-binaries"],
    ["The file transfer's header rule", "the-file-transfers-header-rule"],
    ["The npm package (Node 20 and later)", "the-npm-package-node-20-and-later"],
    ["What differs, and why", "what-differs-and-why"],
    ["What the ports fix", "what-the-ports-fix"],
  ];
  for (const [heading, anchor] of cases) assertEquals(slug(heading), anchor, heading);
});
