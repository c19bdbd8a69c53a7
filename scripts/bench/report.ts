/**
 * The benchmark's Markdown: the headline rows, the full tables (every figure
 * as "median (min–max)"), and the targets with whether each holds: each port
 * against its floor (the same work written bare), and against the native
 * references and the Python originals.
 *
 * @module
 */
import type { Receiver, Sender } from "./file_transfer.ts";
import { ECHO_ROWS, FILE_PAIRS, type Plan, RSS_RECEIVERS, STARTUP_ROWS } from "./plan.ts";
import type { Samples } from "./samples.ts";
import { formatNumber, formatRatio, formatSummary, type Summary } from "./stats.ts";
import { type Target, TARGET_NAMES, TARGETS } from "./targets.ts";

const KIB_TO_MB = 1024 / 1e6;
const WHO: Record<Sender | Receiver, string> = {
  socat: "socat",
  c: "C",
  python: "Python",
  deno: "Deno",
  node: "Node",
  sea: "Node SEA",
};

/** The row id of a file pair. */
export function pairId([sender, receiver]: [Sender, Receiver]): string {
  return `${WHO[sender]} → ${WHO[receiver]}`;
}

/** The row id of a memory row. */
export function rssId(receiver: string, size: number): string {
  return `${receiver} ${size}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes / 1024 ** 2} MiB`;
}

function compact(summary: Summary | undefined, scale = 1): string {
  return summary === undefined ? "—" : formatNumber(summary.median * scale);
}

/** A ratio within each run, "0.93×", or "—". */
function runRatio(summary: Summary | undefined): string {
  return summary === undefined ? "—" : `${summary.median.toFixed(2)}×`;
}

/** The floor each port is held to on the echo rows. */
export const FLOOR_OF = { deno: "bare-deno", node: "bare-node", sea: "bare-node" } as const;

/** The headline rows: this run's figures, each port with its ratio to its floor. */
export function headline(s: Samples, plan: Plan): string {
  const rows = ECHO_ROWS.map(({ id }) => {
    const rate = (t: Target) => compact(s.get(id, t, "rate"));
    const vsFloor = (t: keyof typeof FLOOR_OF) =>
      `${rate(t)} (${runRatio(s.ratio(id, t, FLOOR_OF[t], "rate"))} bare)`;
    return [
      `${id}, round trips/s`,
      rate("c"),
      rate("python"),
      rate("bare-deno"),
      vsFloor("deno"),
      rate("bare-node"),
      vsFloor("node"),
      vsFloor("sea"),
    ];
  });
  const file = (pair: [Sender, Receiver]) => compact(s.get(pairId(pair), "pair", "mbps"));
  const fileRatio = (pair: [Sender, Receiver], reference: [Sender, Receiver]) =>
    runRatio(s.ratio(pairId(pair), "pair", "pair", "mbps", pairId(reference)));
  rows.push([
    `${mib(plan.fileSize)} file, sender to receiver, MB/s`,
    `${file(["c", "c"])} (C pair, SHA-256)`,
    `${file(["deno", "python"])} (Deno sender)`,
    "—",
    `${file(["deno", "deno"])} (${fileRatio(["deno", "deno"], ["c", "c"])} C)`,
    "—",
    `${file(["node", "node"])} (${fileRatio(["node", "node"], ["deno", "deno"])} Deno)`,
    `${file(["sea", "sea"])} (${fileRatio(["sea", "sea"], ["deno", "deno"])} Deno)`,
  ]);
  const rss = (t: Target) => compact(s.get("TCP echo 16,000 B", t, "rss"), KIB_TO_MB);
  rows.push([
    "TCP server peak RSS, MB",
    rss("c"),
    rss("python"),
    rss("bare-deno"),
    rss("deno"),
    rss("bare-node"),
    rss("node"),
    rss("sea"),
  ]);
  const receiverRss = (pair: [Sender, Receiver]) =>
    compact(s.get(pairId(pair), "pair", "receiverRss"), KIB_TO_MB);
  rows.push([
    `file receiver peak RSS (${mib(plan.fileSize)}), MB`,
    `${receiverRss(["c", "c"])} (C pair)`,
    receiverRss(["deno", "python"]),
    "—",
    receiverRss(["deno", "deno"]),
    "—",
    receiverRss(["node", "node"]),
    receiverRss(["sea", "sea"]),
  ]);
  const listening = (t: Target) => compact(s.get("listening", t, "ms"));
  rows.push([
    "start-up to listening, ms",
    listening("c"),
    listening("python"),
    "—",
    listening("deno"),
    "—",
    listening("node"),
    listening("sea"),
  ]);
  return table(
    [
      "path",
      "C reference",
      "Python original",
      "bare Deno",
      "Deno port",
      "bare Node",
      "Node (npm build)",
      "Node SEA",
    ],
    rows,
  );
}

/** Every figure, table by table. */
export function fullTables(s: Samples, plan: Plan): string {
  const parts: string[] = [];
  const names = TARGETS.map((t) => TARGET_NAMES[t]);

  parts.push("### Echo, round trips per second\n");
  parts.push(table(
    [
      "row",
      ...names,
      "Deno / bare Deno",
      "Node / bare Node",
      "SEA / bare Node",
      "Deno / C",
      "Deno / Python",
      "Node / Deno",
      "SEA / Deno",
    ],
    ECHO_ROWS.map(({ id }) => {
      const rate = (t: Target) => s.get(id, t, "rate");
      return [
        id,
        ...TARGETS.map((t) => formatSummary(rate(t))),
        runRatio(s.ratio(id, "deno", "bare-deno", "rate")),
        runRatio(s.ratio(id, "node", "bare-node", "rate")),
        runRatio(s.ratio(id, "sea", "bare-node", "rate")),
        formatRatio(rate("deno"), rate("c")),
        formatRatio(rate("deno"), rate("python")),
        formatRatio(rate("node"), rate("deno")),
        formatRatio(rate("sea"), rate("deno")),
      ];
    }),
  ));

  parts.push(
    "\n### Echo server CPU time per round trip, µs\n\nUser + system time of the server process over the measured second (from " +
      "`/proc`), divided by the round trips: what each message costs the server, the figure " +
      "that other load on the machine moves least. A ratio to a floor above 1.11× is more than " +
      "10 % over it.\n",
  );
  parts.push(table(
    ["row", ...names, "Deno / bare Deno", "Node / bare Node", "SEA / bare Node", "Deno / C"],
    ECHO_ROWS.map(({ id }) => [
      id,
      ...TARGETS.map((t) => formatSummary(s.get(id, t, "serverCpu"))),
      runRatio(s.ratio(id, "deno", "bare-deno", "serverCpu")),
      runRatio(s.ratio(id, "node", "bare-node", "serverCpu")),
      runRatio(s.ratio(id, "sea", "bare-node", "serverCpu")),
      formatRatio(s.get(id, "deno", "serverCpu"), s.get(id, "c", "serverCpu")),
    ]),
  ));

  parts.push("\n### Echo latency, p50 / p99 in µs (medians of the runs)\n");
  parts.push(table(
    ["row", ...names],
    ECHO_ROWS.map(({ id }) => [
      id,
      ...TARGETS.map((t) => `${compact(s.get(id, t, "p50"))} / ${compact(s.get(id, t, "p99"))}`),
    ]),
  ));

  parts.push("\n### Echo server peak RSS, MB\n");
  parts.push(table(
    ["row", ...names],
    ECHO_ROWS.map((
      { id },
    ) => [id, ...TARGETS.map((t) => formatSummary(s.get(id, t, "rss"), KIB_TO_MB))]),
  ));

  parts.push(
    "\n### The driver's own CPU, % of one core\n\nAgainst the native servers (socat's bare `PIPE` " +
      "echo, the C reference) the driver runs its fastest; far below 100 % even there, it waits " +
      "on the server, not the other way round.\n",
  );
  parts.push(table(
    ["row", ...names],
    ECHO_ROWS.map(({ id }) => [id, ...TARGETS.map((t) => compact(s.get(id, t, "cpu"), 100))]),
  ));

  parts.push(
    `\n### ${mib(plan.fileSize)} file, sender to receiver\n\nThe CPU column is the user + system ` +
      "time of both processes, start-up included, per GB: the cost that sets the rate when " +
      "the cores are busy.\n",
  );
  const socat = s.get(pairId(["socat", "socat"]), "pair", "mbps");
  parts.push(table(
    [
      "sender → receiver",
      "MB/s",
      "× C pair",
      "× socat",
      "CPU s per GB, both ends",
      "receiver peak RSS, MB",
      "sender peak RSS, MB",
    ],
    FILE_PAIRS.map((pair) => {
      const id = pairId(pair);
      return [
        id,
        formatSummary(s.get(id, "pair", "mbps")),
        runRatio(s.ratio(id, "pair", "pair", "mbps", pairId(["c", "c"]))),
        formatRatio(s.get(id, "pair", "mbps"), socat),
        formatSummary(s.get(id, "pair", "cpu")),
        formatSummary(s.get(id, "pair", "receiverRss"), KIB_TO_MB),
        formatSummary(s.get(id, "pair", "senderRss"), KIB_TO_MB),
      ];
    }),
  ));

  const [small, large] = plan.rssSizes;
  parts.push(`\n### File receiver peak RSS against file size (Deno sender), MB\n`);
  parts.push(table(
    ["receiver", mib(small), mib(large), "growth"],
    RSS_RECEIVERS.map((r) => {
      const a = s.get(rssId(r, small), "receiver", "rss");
      const b = s.get(rssId(r, large), "receiver", "rss");
      const growth = a && b ? formatNumber((b.median - a.median) * KIB_TO_MB) : "—";
      return [WHO[r], formatSummary(a, KIB_TO_MB), formatSummary(b, KIB_TO_MB), growth];
    }),
  ));

  parts.push("\n### Start-up, ms\n");
  parts.push(table(
    ["from start to", ...names],
    STARTUP_ROWS.map(({ id, targets }) => [
      id === "listening" ? "tcp_server listening" : 'tcp_client exits on "connection refused"',
      ...TARGETS.map((t) =>
        (targets as readonly Target[]).includes(t) ? formatSummary(s.get(id, t, "ms")) : "—"
      ),
    ]),
  ));

  parts.push(
    "\n### Targets: each port against its floor\n\nEach ratio is taken within one run (the " +
      "two measured one after the other) and the median over the runs is shown, with its range. " +
      "An echo row holds when the port's rate is at least 0.9× its floor's and its server CPU " +
      "per round trip at most 1/0.9 = 1.11× its floor's.\n",
  );
  parts.push(table(["echo row, port / its floor", "rate", "server CPU per round trip", "holds"], [
    ...floorRows(s),
  ]));
  parts.push("");
  parts.push(table(["target", "this run", "holds"], fileTargetRows(s, plan)));
  parts.push("\n### Targets: against the native references and the Python originals\n");
  parts.push(table(["target", "this run", "holds"], targetRows(s, plan)));
  if (s.failures.length > 0) {
    parts.push(`\n### Failures\n\n${s.failures.map((f) => `- ${f}`).join("\n")}`);
  }
  return parts.join("\n");
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "—" : ok ? "yes" : "**no**";
}

function times(value: number | undefined): string {
  return value === undefined ? "—" : `${value.toFixed(2)}×`;
}

function ratio(a?: Summary, b?: Summary): number | undefined {
  return a && b ? a.median / b.median : undefined;
}

/** A ratio within the runs with its range: "0.93× (0.90–0.95)". */
function rangedRatio(summary: Summary | undefined): string {
  return summary === undefined
    ? "—"
    : `${summary.median.toFixed(2)}× (${summary.min.toFixed(2)}–${summary.max.toFixed(2)})`;
}

/** Each echo row, each port against its floor: rate and server CPU per round trip. */
function floorRows(s: Samples): string[][] {
  const rows: string[][] = [];
  for (const port of ["deno", "node", "sea"] as const) {
    for (const { id } of ECHO_ROWS) {
      const rate = s.ratio(id, port, FLOOR_OF[port], "rate");
      const cpu = s.ratio(id, port, FLOOR_OF[port], "serverCpu");
      rows.push([
        `${id}, ${TARGET_NAMES[port]} / ${TARGET_NAMES[FLOOR_OF[port]]}`,
        rangedRatio(rate),
        rangedRatio(cpu),
        verdict(
          rate === undefined || cpu === undefined
            ? undefined
            : rate.median >= 0.9 && cpu.median <= 1 / 0.9,
        ),
      ]);
    }
  }
  return rows;
}

/** The file row's targets: the Deno pair against the C pair, Node against Deno, and memory. */
function fileTargetRows(s: Samples, plan: Plan): string[][] {
  const pairRatio = (pair: [Sender, Receiver], reference: [Sender, Receiver]) =>
    s.ratio(pairId(pair), "pair", "pair", "mbps", pairId(reference));
  const deno = pairRatio(["deno", "deno"], ["c", "c"]);
  const node = pairRatio(["node", "node"], ["deno", "deno"]);
  const receiverNode = s.get(pairId(["node", "node"]), "pair", "receiverRss");
  const receiverDeno = s.get(pairId(["deno", "deno"]), "pair", "receiverRss");
  const extra = receiverNode && receiverDeno
    ? (receiverNode.median - receiverDeno.median) * KIB_TO_MB
    : undefined;
  const [small, large] = plan.rssSizes;
  const a = s.get(rssId("deno", small), "receiver", "rss");
  const b = s.get(rssId("deno", large), "receiver", "rss");
  const growthMiB = a && b ? (b.median - a.median) / 1024 : undefined;
  return [
    [
      "file, Deno → Deno ≥ 0.8× C → C (SHA-256 at both ends)",
      rangedRatio(deno),
      verdict(deno === undefined ? undefined : deno.median >= 0.8),
    ],
    [
      "file, Node → Node ≥ 0.8× Deno → Deno",
      rangedRatio(node),
      verdict(node === undefined ? undefined : node.median >= 0.8),
    ],
    [
      "Node file receiver RSS ≤ Deno receiver's + 16 MB",
      extra === undefined
        ? "—"
        : `Deno ${extra >= 0 ? "+" : "−"} ${formatNumber(Math.abs(extra))} MB`,
      verdict(extra === undefined ? undefined : extra <= 16),
    ],
    [
      `Deno receiver RSS flat from ${mib(small)} to ${mib(large)} (within 4 MiB)`,
      growthMiB === undefined ? "—" : `${growthMiB.toFixed(1)} MiB`,
      verdict(growthMiB === undefined ? undefined : growthMiB <= 4),
    ],
  ];
}

/** The targets against C, socat and Python, one row each, with the figure and whether it holds. */
function targetRows(s: Samples, plan: Plan): string[][] {
  const rows: string[][] = [];
  for (const { id } of ECHO_ROWS) {
    const vsC = ratio(s.get(id, "deno", "rate"), s.get(id, "c", "rate"));
    const vsPython = ratio(s.get(id, "deno", "rate"), s.get(id, "python", "rate"));
    rows.push([
      `${id}: Deno ≥ 0.9× C and ≥ Python`,
      `${times(vsC)} C, ${times(vsPython)} Python`,
      verdict(
        vsC === undefined || vsPython === undefined ? undefined : vsC >= 0.9 && vsPython >= 1,
      ),
    ]);
  }
  const file = (pair: [Sender, Receiver]) => s.get(pairId(pair), "pair", "mbps");
  const vsSocat = ratio(file(["deno", "deno"]), file(["socat", "socat"]));
  rows.push([
    "file, Deno to Deno ≥ 0.8× socat (SHA-256 at both ends)",
    times(vsSocat),
    verdict(vsSocat === undefined ? undefined : vsSocat >= 0.8),
  ]);
  for (const port of ["node", "sea"] as const) {
    const ratios = ECHO_ROWS.map(({ id }) =>
      ratio(s.get(id, port, "rate"), s.get(id, "deno", "rate"))
    );
    ratios.push(ratio(file([port, port]), file(["deno", "deno"])));
    const known = ratios.filter((r): r is number => r !== undefined);
    const worst = known.length > 0 ? Math.min(...known) : undefined;
    rows.push([
      `${TARGET_NAMES[port]} ≥ 0.9× Deno on every row`,
      `lowest ${times(worst)}`,
      verdict(worst === undefined ? undefined : worst >= 0.9),
    ]);
  }
  const [small, large] = plan.rssSizes;
  // the Deno receiver's is a target against its own figures (fileTargetRows)
  for (const r of RSS_RECEIVERS.filter((r) => r !== "deno")) {
    const a = s.get(rssId(r, small), "receiver", "rss");
    const b = s.get(rssId(r, large), "receiver", "rss");
    const growthMiB = a && b ? (b.median - a.median) / 1024 : undefined;
    rows.push([
      `${WHO[r]} receiver RSS flat from ${mib(small)} to ${mib(large)} (within 4 MiB)`,
      growthMiB === undefined ? "—" : `${growthMiB.toFixed(1)} MiB`,
      verdict(growthMiB === undefined ? undefined : growthMiB <= 4),
    ]);
  }
  const nodeRss = s.get("TCP echo 16,000 B", "node", "rss");
  const denoRss = s.get("TCP echo 16,000 B", "deno", "rss");
  const excess = (a?: Summary, b?: Summary) =>
    a && b ? (a.median - b.median) * KIB_TO_MB : undefined;
  for (const [what, extra] of [["TCP server", excess(nodeRss, denoRss)]] as const) {
    rows.push([
      `Node ${what} RSS ≤ Deno + 16 MB`,
      extra === undefined
        ? "—"
        : `Deno ${extra >= 0 ? "+" : "−"} ${formatNumber(Math.abs(extra))} MB`,
      verdict(extra === undefined ? undefined : extra <= 16),
    ]);
  }
  return rows;
}
