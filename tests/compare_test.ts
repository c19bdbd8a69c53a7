/**
 * The main job, end to end: `scripts/compare.ts` runs every pair in every
 * combination, prints the matrix and the side-by-side transcripts, and writes
 * a page that a real browser shows without a single network request.
 */
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import { displayWidth } from "../scripts/compare/side_by_side.ts";
import { tool } from "../scripts/programs.ts";
import { ROOT, spawnDeno, Spawned } from "../scripts/_harness/process.ts";
import { Chromium, hasChromium } from "./_helpers/chromium.ts";

const OUTPUT = `${ROOT}.test-output`;

async function compare(args: string[]) {
  await using run = spawnDeno(tool("compare").script, tool("compare").permissions, args, {
    timeoutMs: 300_000,
    env: { COLUMNS: "80" },
  });
  return await run.outcome();
}

/** The grid of a pair in the output: its rows, each cell a word (blank where none ran). */
function grid(stdout: string, pair: string): string[][] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${pair}: server ↓ client →`));
  assert(start !== -1, `no grid for ${pair}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (line === "" || /^(flaw|scripted):/.test(line) || line.includes(" × ")) break;
    rows.push(line.split(/\s{2,}/));
  }
  return rows;
}

Deno.test("compare runs every combination, prints a grid per pair, the differences and the transcripts", async (t) => {
  await Deno.mkdir(OUTPUT, { recursive: true });
  const page = `${OUTPUT}/compare.html`;
  const { code, stdout, stderr } = await compare([
    "--condition",
    "normal",
    "--html",
    page,
    "--wire",
  ]);
  assertEquals(code, 0, stderr + stdout);

  await t.step("each grid has servers in rows, clients in columns, and the verdicts", () => {
    const names = (program: string) => [
      `${program}.py`,
      `${program}.ts`,
      `${program.replace("_", "-")} (npm)`,
      `${program} (SEA)`,
    ];
    const head = (pair: string, scripted = false) => [
      `${pair}: server ↓ client →`,
      ".py",
      ".ts",
      "npm",
      ...(scripted ? ["SEA", "scripted"] : ["SEA"]),
    ];
    // TCP: only the original client fails (its recv(1024) cuts the long reply).
    assertEquals(grid(stdout, "tcp"), [
      head("tcp"),
      ...names("tcp_server").map((server) => [server, "flaw", "pass", "pass", "pass"]),
    ]);
    // UDP: the original server cuts the long datagram and dies on bad UTF-8; the original
    // client cuts the echo.
    assertEquals(grid(stdout, "udp"), [
      head("udp"),
      [names("udp_server")[0]!, "flaw", "flaw", "flaw", "flaw"],
      ...names("udp_server").slice(1).map((server) => [server, "flaw", "pass", "pass", "pass"]),
    ]);
    // File: every sender works with every receiver, but the two originals together race;
    // the original receiver fails on a header and data in one write.
    assertEquals(grid(stdout, "file"), [
      head("file", true),
      [names("file_receiver")[0]!, "race", "pass", "pass", "pass", "flaw"],
      ...names("file_receiver").slice(1).map((
        server,
      ) => [server, "pass", "pass", "pass", "pass", "pass"]),
    ]);
    assert(!stdout.includes("FAIL ") && !stdout.includes("UNEXPLAINED"), stdout);
    assert(
      stdout.trimEnd().endsWith(
        "Every combination with a port passed; every difference is documented.",
      ),
    );
  });

  await t.step("every line fits COLUMNS=80", () => {
    const wide = stdout.split("\n").filter((line) => displayWidth(line) > 80);
    assertEquals(wide, []);
  });

  await t.step("each transcript difference is linked to its row of docs/differences.md", () => {
    assertMatch(stdout, /^ {2}D\d+ \(\d+ lines?\): recv\(1024\): a long message is printed/m);
    assertMatch(stdout, /^ {2}D\d+ \(\d+ lines?\): one recv\(1024\) per reply/m);
    assertMatch(stdout, /^ {2}D\d+ \(\d+ lines?\): recvfrom\(1024\) cuts a reply/m);
    assertMatch(stdout, /^ {2}D\d+ \(\d+ lines?\): a summary on stderr/m);
  });

  await t.step("transcripts are side by side, cut on both sides with a marker", () => {
    assert(
      stdout.includes(
        "tcp_server.py vs tcp_server.ts: transcripts of each server with tcp_client.py",
      ),
    );
    assertMatch(stdout, /^收到消息: a+… ≠ 收到消息: a+…$/m);
    assertMatch(stdout, /^收到消息: hello +收到消息: hello$/m);
  });

  await t.step("--wire prints each run's reads and writes as two columns over time", () => {
    for (const title of ["TCP chat", "UDP echo", "File transfer"]) {
      assert(stdout.includes(`\n=== Wire: ${title}`), title);
    }
    // the original receiver, fed header and data in one write, reads them in one recv()
    assertMatch(stdout, /^ +ms {2}file_receiver\.py +header\+data in one write$/m);
    assertMatch(stdout, /^ +[\d.]+ {2}\[1,2\] recv 57 B "notes\.txt<SEP/m);
    // under the timeline, that read whole, and why it breaks the original
    assertMatch(stdout, /^ {2}\[1\] recv 57 B "notes\.txt<SEPARATOR>352026: "…$/m);
    assertMatch(stdout, /^ {6}One recv\(\) returned the 26-byte header and 31 bytes of data/m);
  });

  await t.step(
    "the page has the wire sections, and every flaw links to its moment on the wire",
    async () => {
      const html = await Deno.readTextFile(page);
      for (const id of ["wire-tcp", "wire-udp", "wire-file"]) {
        assert(
          html.includes(`id="${id}"`),
          id,
        );
      }
      // the same stream into both receivers: the original's first read holds header and data
      const stream = html.slice(html.indexOf("The same stream into both receivers"));
      const firstRead = stream.match(/<tr><td class="ms">1<\/td><td class="recv flaw">(.*?) <a /)
        ?.[1];
      assertEquals(
        firstRead?.replace(/<\/?mark>/g, ""),
        "recv 57 B &quot;notes.txt&lt;SEPARATOR&gt;352026: &quot;…",
      );
      const flaws = [...html.matchAll(/<td class="flaw">(.*?)<\/td>/g)].map((match) => match[1]!);
      assert(flaws.length >= 12, `${flaws.length} flaws`); // tcp 4, udp 7, file 1
      for (const flaw of flaws) {
        const id = flaw.match(/^<a href="#(wire-(tcp|udp|file)-\d+-(server|client)-\d+)">/)?.[1];
        assert(id !== undefined && html.includes(`<tr id="${id}" class="moment">`), flaw);
      }
    },
  );

  await t.step({
    name: "the page shows both code columns and the matrix, with no network request",
    ignore: !hasChromium(),
    fn: async () => {
      const url = `file://${page}`;
      await using browser = await Chromium.launch();
      const requests = await browser.open(url, 1280, 1000);
      assertEquals(requests, [url]);
      const seen = await browser.evaluate<Record<string, number | boolean | string>>(
        visibility(1280),
      );
      assertEquals(seen.matrixInView, true);
      assert((seen.matrixRows as number) >= 52);
      assert(
        (seen.pythonColumns as number) >= 4 && (seen.denoColumns as number) >= 4,
        JSON.stringify(seen),
      );
      assertMatch(seen.firstPython as string, /^# Reference copy of the tutorial's tcp_server\.py/);
      assertMatch(seen.firstDeno as string, /^#!\/usr\/bin\/env -S deno run/);
      assertEquals(seen.overflow, 0);
      assert((seen.differenceItems as number) >= 6, JSON.stringify(seen));
      assertEquals(seen.backticks, 0);
      assertEquals(seen.brokenRowLinks, 0);
      assertEquals(seen.scrollHint, false);
      const png = await browser.screenshot();
      assertEquals([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
      await Deno.writeFile(`${OUTPUT}/compare.png`, png);
      // And the first pair's code, side by side, as in docs/compare-code.png.
      await browser.evaluate(`document.querySelectorAll("section.pair .step")[1].scrollIntoView()`);
      await Deno.writeFile(`${OUTPUT}/compare-code.png`, await browser.screenshot());
      // And the file pair on the wire: the original receiver's first read beside the port's.
      const wire = await browser.evaluate<Record<string, string | boolean>>(`(() => {
        const section = document.getElementById("wire-file");
        section.scrollIntoView();
        const first = section.querySelector("table.wire tbody tr td:nth-child(2)");
        const link = document.querySelector("#matrix td.flaw a");
        const target = document.querySelector(link.getAttribute("href"));
        return { first: first.textContent, top: section.getBoundingClientRect().top < innerHeight,
          linked: !!target && !!target.closest("section.wire") };
      })()`);
      assertEquals(wire, {
        first: 'recv 57 B "notes.txt<SEPARATOR>352026: "… why',
        top: true,
        linked: true,
      });
      await Deno.writeFile(`${OUTPUT}/compare-wire.png`, await browser.screenshot());
    },
  });

  await t.step({
    name: "on a phone the columns stack, nothing overflows, and the matrix says it scrolls",
    ignore: !hasChromium(),
    fn: async () => {
      await using browser = await Chromium.launch();
      const requests = await browser.open(`file://${page}`, 390, 844, true);
      assertEquals(requests.length, 1);
      const seen = await browser.evaluate<Record<string, number | boolean>>(visibility(390));
      assertEquals(seen.overflow, 0);
      assertEquals(seen.stacked, true);
      assertEquals(seen.scrollHint, true);
      assert((seen.pythonColumns as number) >= 4 && (seen.denoColumns as number) >= 4);
      await Deno.writeFile(`${OUTPUT}/compare-phone.png`, await browser.screenshot());
    },
  });
});

/** The whole comparison, every condition, with the Python originals and the Deno ports. */
let conditionsRun: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
const CONDITIONS_PAGE = `${OUTPUT}/conditions.html`;
function allConditions() {
  return conditionsRun ??= Deno.mkdir(OUTPUT, { recursive: true })
    .then(() => compare(["--sides", "python,deno", "--html", CONDITIONS_PAGE]));
}

/** The grid of a condition in the output (`tcp under sliced-echo`), as rows of words. */
function conditionGrid(stdout: string, pair: string, condition: string): string[][] {
  const lines = stdout.split("\n");
  const start = lines.indexOf(`=== ${pair} under ${condition}`);
  assert(start !== -1, `no section for ${pair} under ${condition}`);
  const head = lines.findIndex((line, i) =>
    i > start && line.startsWith(`${condition}: server ↓ client →`)
  );
  const rows: string[][] = [];
  for (const line of lines.slice(head)) {
    if (line === "" || line.startsWith("why not:")) break;
    rows.push(line.split(/\s{2,}/));
  }
  return rows;
}

/**
 * Every condition's verdicts, python,deno: server rows (original, port) ×
 * client columns (original, port). An original either fails every time
 * under its condition, or the comparison says why not.
 */
const CONDITION_VERDICTS: [string, string, [string, string], [string, string], string?][] = [
  // the original client's recv() returns the first 3-byte piece of each echo
  ["tcp", "sliced-echo", ["flaw", "pass"], ["flaw", "pass"]],
  // the misaligned original client sends two lines at once; the relay joins them
  ["tcp", "coalesced", ["flaw", "pass"], ["flaw", "pass"]],
  // the rest of the long echo is printed as bye's
  ["tcp", "long-then-short", ["flaw", "pass"], ["flaw", "pass"]],
  // the original client hangs (ended by the comparison); the port times out and goes on
  ["udp", "lost-reply", ["flaw", "pass"], ["flaw", "pass"]],
  // the original client prints the copy as the next line's echo; the port drops it
  ["udp", "duplicated-reply", ["flaw", "pass"], ["flaw", "pass"]],
  // the original client waits as long as it takes: no flaw, and the grid says why not
  ["udp", "late-reply", ["pass", "pass"], ["pass", "pass"], "why not: the original client has no"],
  // either original's recvfrom(1024) cuts it
  ["udp", "long-reply", ["flaw", "flaw"], ["flaw", "pass"]],
  // the comparison's own pacing: the originals' happy path, named as such
  ["file", "header-alone", ["pass", "pass"], ["pass", "pass"], "why not: this is the originals'"],
  ["file", "header+data", ["flaw", "flaw"], ["pass", "pass"]],
  ["file", "header-sliced", ["flaw", "flaw"], ["pass", "pass"]],
  ["file", "cut-short", ["flaw", "flaw"], ["pass", "pass"]],
];

const SERVERS: Record<string, string> = {
  tcp: "tcp_server",
  udp: "udp_server",
  file: "file_receiver",
};

Deno.test("compare runs every pair under every condition, through the relay, with a verdict for each", async (t) => {
  const { code, stdout, stderr } = await allConditions();
  assertEquals(code, 0, stderr + stdout);

  await t.step("each condition's grid has the verdicts its originals earn", () => {
    for (const [pair, condition, original, port, whyNot] of CONDITION_VERDICTS) {
      const server = SERVERS[pair]!;
      assertEquals(conditionGrid(stdout, pair, condition), [
        [`${condition}: server ↓ client →`, ".py", ".ts"],
        [`${server}.py`, ...original],
        [`${server}.ts`, ...port],
      ], `${pair} under ${condition}`);
      const section = stdout.slice(stdout.indexOf(`=== ${pair} under ${condition}\n`));
      const end = section.indexOf("\n===", 4);
      if (whyNot) assert(section.slice(0, end).includes(whyNot), `${condition}: ${whyNot}`);
    }
  });

  await t.step(
    "normal is the natural run: the originals' file transfer is a race, said why",
    () => {
      assertEquals(grid(stdout, "file")[1], ["file_receiver.py", "race", "pass", "flaw"]);
      assertMatch(stdout, /^file_receiver\.py × file_sender\.py: race\. file_sender\.py sends/m);
      assert(!/relayHeadAlone|hidden/.test(stdout));
    },
  );

  await t.step(
    "each condition names its relay command line, and every line fits 80 columns",
    () => {
      assertMatch(stdout, /^=== tcp under sliced-echo\nrelay --slice down:3$/m);
      assertMatch(stdout, /^=== file under header-alone\npaced by the comparison, no relay$/m);
      assertEquals(stdout.split("\n").filter((line) => displayWidth(line) > 80), []);
    },
  );

  await t.step(
    "the page has a section per condition: relay command, what to look at, the wire with the relay in the middle",
    async () => {
      const html = await Deno.readTextFile(CONDITIONS_PAGE);
      for (const [pair, condition] of CONDITION_VERDICTS) {
        const id = `condition-${pair}-${condition.replace(/[^a-z0-9]+/g, "-")}`;
        const start = html.indexOf(`<section class="condition" id="${id}">`);
        assert(start !== -1, id);
        const section = html.slice(start, html.indexOf("</section>", start));
        assertMatch(section, /<p class="look"><b>What to look at:<\/b> [^<]+\.<\/p>/);
        // the originals' run and the ports' run, each with the relay as the middle column
        assertEquals([...section.matchAll(/<th>relay<\/th>/g)].length, 2, id);
      }
      // sliced-echo: the relay writes the 3-byte pieces the original client reads one by one
      const sliced = html.slice(html.indexOf('id="condition-tcp-sliced-echo"'));
      assertMatch(sliced, /<td class="relay">send 3 B &quot;HEL&quot; to client<\/td>/);
      assertMatch(sliced, /<td class="client">recv 3 B &quot;HEL&quot;<\/td>/);
      // lost-reply: the original client never ends by itself
      const lost = html.slice(html.indexOf('id="condition-udp-lost-reply"'));
      assertMatch(lost, /\[hung: the comparison ended it after 4 s\]/);
      // the matrix has a row for every combination under every condition
      assertMatch(html, /<td>tcp<\/td><td>sliced-echo<\/td><td>tcp_server\.py<\/td>/);
      // and each flaw under a condition links to that condition's section
      assertMatch(
        html,
        /<td>tcp<\/td><td>sliced-echo<\/td><td>tcp_server\.py<\/td><td>tcp_client\.py<\/td><td class="flaw"><a href="#condition-tcp-sliced-echo">original's flaw<\/a>/,
      );
    },
  );
});

Deno.test("compare says the same thing every run: every condition, twice, the same output", async () => {
  const first = await allConditions();
  const second = await compare(["--sides", "python,deno"]);
  assertEquals(second.code, 0, second.stderr + second.stdout);
  const withoutPage = (stdout: string) => stdout.replace(/\nWrote .*\n/, "");
  assertEquals(withoutPage(second.stdout), withoutPage(first.stdout));
});

Deno.test("compare --pair runs one pair", async () => {
  const tcp = await compare(["--pair", "tcp", "--sides", "python,deno,node"]);
  assertEquals(tcp.code, 0, tcp.stderr + tcp.stdout);
  assertEquals(grid(tcp.stdout, "tcp").length, 4);
  assert(!tcp.stdout.includes("=== UDP") && !tcp.stdout.includes("=== File"));
});

/** The tutorial's step 3 in file_receiver.py: the header is whatever one recv(4096) returns. */
const ONE_RECV_HEADER = `received = client_socket.recv(BUFFER_SIZE).decode()
filename, filesize = received.split("<SEPARATOR>")
filename = os.path.basename(filename) # 移除路径，只保留文件名
filesize = int(filesize)`;

/**
 * A learner's fix: read until the separator and the size's digits have
 * ended (a byte that is not a digit, or the end), then keep what came after
 * them as the file's first data. The wire format stays the tutorial's.
 */
const FRAMED_HEADER = `buffer = b""
while True:
    head, sep, rest = buffer.partition(b"<SEPARATOR>")
    if sep and rest.lstrip(b"0123456789"):
        break
    chunk = client_socket.recv(BUFFER_SIZE)
    if not chunk:
        break
    buffer += chunk
digits = rest[:len(rest) - len(rest.lstrip(b"0123456789"))]
filename = os.path.basename(head.decode()) # 移除路径，只保留文件名
filesize = int(digits)
first_data = rest[len(digits):]`;

Deno.test("compare --originals DIR grades a learner's fixed copy: header+data turns to pass, cut-short still breaks it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "socket-primer-originals-" });
  try {
    // the flat layout: DIR/tcp_server.py, ..., DIR/file_receiver.py
    for (const path of ["tcp/tcp_server", "tcp/tcp_client", "udp/udp_server", "udp/udp_client"]) {
      await Deno.copyFile(`${ROOT}${path}.py`, `${dir}/${path.split("/")[1]}.py`);
    }
    await Deno.copyFile(`${ROOT}filetransfer/file_sender.py`, `${dir}/file_sender.py`);
    const receiver = await Deno.readTextFile(`${ROOT}filetransfer/file_receiver.py`);
    assert(receiver.includes(ONE_RECV_HEADER) && receiver.includes("    bytes_received = 0\n"));
    await Deno.writeTextFile(
      `${dir}/file_receiver.py`,
      receiver.replace(ONE_RECV_HEADER, FRAMED_HEADER).replace(
        "    bytes_received = 0\n",
        "    f.write(first_data)\n    bytes_received = len(first_data)\n",
      ),
    );
    const page = `${dir}/compare.html`;
    const { code, stdout, stderr } = await compare([
      "--pair",
      "file",
      "--sides",
      "python,deno",
      "--originals",
      dir,
      "--html",
      page,
    ]);
    assertEquals(code, 0, stderr + stdout);
    const row = (condition: string) => conditionGrid(stdout, "file", condition)[1];
    // the natural run is no longer a race, and the header+data that killed the original passes
    assertEquals(grid(stdout, "file")[1]!.slice(0, 3), ["file_receiver.py", "pass", "pass"]);
    assertEquals(row("header+data"), ["file_receiver.py", "pass", "pass"]);
    // a stream cut short still leaves a short file that looks complete
    assertEquals(row("cut-short"), ["file_receiver.py", "flaw", "flaw"]);
    // and the page says which condition still breaks it
    const html = await Deno.readTextFile(page);
    const verdicts = (condition: string) => {
      const start = html.indexOf(`id="condition-file-${condition}"`);
      return html.slice(start, html.indexOf("</table>", start)).match(
        /<tr><td>file_receiver\.py<\/td><td class="(\w+)">/,
      )?.[1];
    };
    assertEquals(verdicts("header-data"), "pass");
    assertEquals(verdicts("cut-short"), "flaw");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad command line to compare is one line and exit 2, before any work", async () => {
  const table: [string[], string][] = [
    [["--pair", "smtp"], 'Unknown pair "smtp": expected one of tcp, udp, file'],
    [
      ["--sides", "deno,node"],
      'Invalid --sides "deno,node": expected python,deno and optionally node and sea',
    ],
    [
      ["--sides", "python,deno,binary"],
      'Invalid --sides "python,deno,binary": expected python,deno and optionally node and sea',
    ],
    [["--bogus"], 'Unknown flag "--bogus": run with --help for usage'],
    [["--pair"], 'Flag "--pair" needs a value: run with --help for usage'],
    [["tcp"], 'Unexpected argument "tcp": run with --help for usage'],
    [
      ["--condition", "sunny"],
      'Unknown condition "sunny": expected one of normal, sliced-echo, coalesced, ' +
      "long-then-short, lost-reply, duplicated-reply, late-reply, long-reply, header-alone, " +
      "header+data, header-sliced, cut-short",
    ],
    [["--pair", "tcp", "--condition", "cut-short"], 'The tcp pair has no condition "cut-short"'],
    [
      ["--originals", "/nonexistent"],
      "Cannot read the originals in /nonexistent: the folder does not exist",
    ],
    [
      ["--originals", "lib"],
      "Cannot find tcp_server.py in lib: expected lib/tcp/tcp_server.py or lib/tcp_server.py",
    ],
    [
      ["--html", "/nonexistent/compare.html"],
      "Cannot write the page to /nonexistent/compare.html: its folder does not exist",
    ],
  ];
  for (const [args, line] of table) {
    const { code, stdout, stderr } = await compare(args);
    assertEquals([code, stdout, stderr], [2, "", `${line}\n`], args.join(" "));
  }
});

Deno.test("npm run compare -- --help prints the usage, with how to pass flags through npm", async () => {
  await using help = new Spawned("npm", ["run", "--silent", "compare", "--", "--help"]);
  const { code, stdout, stderr } = await help.outcome();
  assertEquals(code, 0, stderr);
  assert(stdout.startsWith("Usage: compare [--pair tcp|udp|file] [--condition NAME]"), stdout);
  assert(stdout.includes("npm run compare -- --pair tcp"), stdout);
});

/** Measures, in the page, what a reader would see on a screen `width` CSS pixels wide. */
const visibility = (width: number) =>
  `(() => {
  const shown = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.display !== "none" && style.visibility !== "hidden";
  };
  const shownText = (selector) => [...document.querySelectorAll(selector)].filter((el) => shown(el) && el.textContent.trim());
  const matrix = document.getElementById("matrix");
  const python = shownText("pre.code-python");
  const deno = shownText("pre.code-deno");
  return {
    matrixInView: shown(matrix) && matrix.getBoundingClientRect().top < innerHeight,
    matrixRows: document.querySelectorAll("#matrix tbody tr").length,
    pythonColumns: python.length,
    denoColumns: deno.length,
    firstPython: python[0]?.textContent ?? "",
    firstDeno: deno[0]?.textContent ?? "",
    // How far anything sticks out to the right of the screen, outside a scrolling box.
    overflow: Math.max(0, ...[...document.querySelectorAll("body *")]
      .filter((el) => !el.closest(".scroll") && shown(el))
      .map((el) => Math.ceil(el.getBoundingClientRect().right - ${width}))),
    differenceItems: document.querySelectorAll("section.pair li").length,
    backticks: [...document.querySelectorAll("section.pair li, #differences td")]
      .filter((el) => el.textContent.includes("\u0060")).length,
    brokenRowLinks: [...document.querySelectorAll('a[href^="#D"]')]
      .filter((a) => !document.getElementById(a.getAttribute("href").slice(1))).length,
    scrollHint: shown(document.querySelector(".scroll-hint")),
    stacked: python[0] && deno[0] ? python[0].getBoundingClientRect().left === deno[0].getBoundingClientRect().left : false,
  };
})()`;
