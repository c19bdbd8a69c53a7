/**
 * The main job, end to end: `scripts/compare.ts` runs every pair in every
 * combination, prints the matrix and the side-by-side transcripts, and writes
 * a page that a real browser shows without a single network request.
 */
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import { Chromium, hasChromium } from "./_helpers/chromium.ts";
import { ROOT, spawnDeno } from "./_helpers/process.ts";

const COMPARE_PERMISSIONS = [
  "--allow-run",
  "--allow-net=127.0.0.1",
  "--allow-read",
  "--allow-write",
];
const OUTPUT = `${ROOT}.test-output`;

async function compare(args: string[]) {
  await using run = spawnDeno("scripts/compare.ts", COMPARE_PERMISSIONS, args, {
    timeoutMs: 180_000,
  });
  return await run.outcome();
}

Deno.test("compare runs every combination, prints the matrix and marked side-by-side transcripts", async (t) => {
  await Deno.mkdir(OUTPUT, { recursive: true });
  const page = `${OUTPUT}/compare.html`;
  const { code, stdout, stderr } = await compare(["--html", page, "--wire"]);
  assertEquals(code, 0, stderr + stdout);

  await t.step("the matrix has one row per pair and combination, with the verdicts", () => {
    const rows = stdout.split("\n").filter((line) => /^(tcp|udp|file) /.test(line))
      .map((line) => line.split(/\s{2,}/).slice(0, 4).join(" | "));
    // Every combination of the originals (.py), the Deno scripts (.ts), the npm package on Node
    // and the Node single executable.
    const names = (program: string) => [
      `${program}.py`,
      `${program}.ts`,
      `${program.replace("_", "-")} (npm)`,
      `${program} (binary)`,
    ];
    const expected = (
      pair: string,
      [server, client]: [string, string],
      verdict: (server: string, client: string) => string,
    ) =>
      names(server).flatMap((s) =>
        names(client).map((c) => `${pair} | ${s} | ${c} | ${verdict(s, c)}`)
      );
    const originalIn = (...names: string[]) =>
      names.some((name) => name.endsWith(".py")) ? "original's flaw" : "pass";
    // TCP: only the original client fails (its recv(1024) cuts the long reply).
    assertEquals(
      rows.filter((row) => row.startsWith("tcp ")),
      expected("tcp", ["tcp_server", "tcp_client"], (_, client) => originalIn(client)),
    );
    // UDP: the original server cuts the long datagram and dies on bad UTF-8; the original
    // client cuts the echo.
    assertEquals(
      rows.filter((row) => row.startsWith("udp ")),
      expected("udp", ["udp_server", "udp_client"], originalIn),
    );
    // File: every sender works with every receiver, except that the originals together pass or
    // fail by timing; the original receiver fails on a header and data in one write.
    const fileRows = rows.filter((row) => row.startsWith("file "));
    const originals = "file | file_receiver.py | file_sender.py | ";
    assert([`${originals}pass`, `${originals}original's flaw`].includes(fileRows[0]!), fileRows[0]);
    assertEquals(fileRows.slice(1), [
      ...expected("file", ["file_receiver", "file_sender"], () => "pass").slice(1),
      "file | file_receiver.py | header+data in one write | original's flaw",
      "file | file_receiver.ts | header+data in one write | pass",
      "file | file-receiver (npm) | header+data in one write | pass",
      "file | file_receiver (binary) | header+data in one write | pass",
    ]);
    assert(!stdout.includes("FAIL"), stdout);
    assert(
      stdout.trimEnd().endsWith("Every combination with a port (Deno, Node or binary) passed."),
    );
  });

  await t.step("transcripts are side by side, differences marked and explained", () => {
    assert(
      stdout.includes(
        "tcp_server.py vs tcp_server.ts: transcripts of each server with tcp_client.py",
      ),
    );
    assertMatch(stdout, /^收到消息: a+… +≠ 收到消息: a+/m);
    assertMatch(stdout, /^收到消息: hello +收到消息: hello$/m);
    assert(stdout.includes("Why they differ (README):\n  - `recv(1024)`"), stdout);
  });

  await t.step("--wire prints each run's reads and writes as two columns over time", () => {
    for (const title of ["TCP chat", "UDP echo", "File transfer"]) {
      assert(stdout.includes(`\n=== Wire: ${title}`), title);
    }
    // the original receiver, fed header and data in one write, reads them in one recv()
    assertMatch(stdout, /^ +ms {2}file_receiver\.py +header\+data in one write$/m);
    assertMatch(stdout, /^ +[\d.]+ {2}\[[\d,]+\] recv 57 B "notes\.txt<SEPARATOR>352026: "…$/m);
    assertMatch(
      stdout,
      /^ {2}\[1\] One recv\(\) returned the 26-byte header and 31 bytes of data/m,
    );
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
      assert(flaws.length >= 12, `${flaws.length} flaws`); // tcp 4, udp 7, file 1 or 2
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
      const png = await browser.screenshot();
      assertEquals([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
      await Deno.writeFile(`${OUTPUT}/compare.png`, png);
      // And the first pair's code, side by side, for the README.
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
    name: "on a phone the columns stack and nothing overflows sideways",
    ignore: !hasChromium(),
    fn: async () => {
      await using browser = await Chromium.launch();
      const requests = await browser.open(`file://${page}`, 390, 844, true);
      assertEquals(requests.length, 1);
      const seen = await browser.evaluate<Record<string, number | boolean>>(visibility(390));
      assertEquals(seen.overflow, 0);
      assertEquals(seen.stacked, true);
      assert((seen.pythonColumns as number) >= 4 && (seen.denoColumns as number) >= 4);
      await Deno.writeFile(`${OUTPUT}/compare-phone.png`, await browser.screenshot());
    },
  });
});

Deno.test("compare --pair runs one pair; an unknown pair is one line and exit 2", async () => {
  const bad = await compare(["--pair", "smtp"]);
  assertEquals([bad.code, bad.stdout], [2, ""]);
  assertMatch(bad.stderr, /^Unknown pair "smtp": expected one of tcp(, \w+)*\n$/);

  const badSides = await compare(["--sides", "deno,node"]);
  assertEquals([badSides.code, badSides.stderr], [
    2,
    'Invalid --sides "deno,node": expected python,deno and optionally node and binary\n',
  ]);

  const tcp = await compare(["--pair", "tcp", "--sides", "python,deno,node"]);
  assertEquals(tcp.code, 0, tcp.stderr + tcp.stdout);
  assertEquals(tcp.stdout.split("\n").filter((line) => /^(tcp|udp|file) /.test(line)).length, 9);
  assert(!tcp.stdout.includes("=== UDP") && !tcp.stdout.includes("=== File"));
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
    stacked: python[0] && deno[0] ? python[0].getBoundingClientRect().left === deno[0].getBoundingClientRect().left : false,
  };
})()`;
