import { assert, assertEquals } from "../../lib/_assert.ts";
import { CliError } from "../../lib/cli_error.ts";
import { parseRelayFlags } from "./flags.ts";

const BASE = ["--listen", "9002", "--to", "127.0.0.1:9001"];

Deno.test("parseRelayFlags applies a bare flag to both directions, a prefixed one to one", () => {
  const options = parseRelayFlags([...BASE, "--slice", "down:1", "--delay", "20", "--trace"]);
  assertEquals(options, {
    listen: 9002,
    to: { hostname: "127.0.0.1", port: 9001 },
    udp: false,
    up: { delay: 20 },
    down: { slice: 1, delay: 20 },
    seed: undefined,
    trace: true,
    maxClients: 128,
    clientIdle: 30,
  });
});

Deno.test("parseRelayFlags reads UDP lists, seeded rates, --reorder with and without a direction", () => {
  const options = parseRelayFlags([
    ...BASE,
    "--udp",
    "--drop",
    "2,5",
    "--duplicate",
    "down:p=0.3",
    "--seed",
    "7",
    "--truncate",
    "up:3",
    "--reorder",
    "down",
  ]);
  assertEquals(options.up, { drop: { numbers: [2, 5] }, truncate: 3 });
  assertEquals(options.down, {
    drop: { numbers: [2, 5] },
    duplicate: { rate: 0.3 },
    reorder: true,
  });
  assertEquals(parseRelayFlags([...BASE, "--udp", "--reorder"]).up, { reorder: true });
  assertEquals(parseRelayFlags([...BASE, "--udp", "--reorder=up:"]).down, {});
});

Deno.test("parseRelayFlags takes an IPv6 --to in brackets", () => {
  assertEquals(parseRelayFlags(["--listen", "1", "--to", "[::1]:8080"]).to, {
    hostname: "::1",
    port: 8080,
  });
});

const BAD: [string[], string][] = [
  [[], "Missing --listen PORT: run with --help for usage"],
  [["--listen", "9002"], "Missing --to HOST:PORT: run with --help for usage"],
  [
    ["--listen", "0", "--to", "a:1"],
    'Invalid --listen "0": expected a whole number from 1 to 65535',
  ],
  [
    ["--listen", "1", "--to", "nohost"],
    'Invalid --to "nohost": expected HOST:PORT, such as 127.0.0.1:8080',
  ],
  [
    ["--listen", "1", "--to", "h:70000"],
    'Invalid --to port "70000": expected a whole number from 1 to 65535',
  ],
  [[...BASE, "--slice", "0"], 'Invalid --slice "0": expected a whole number from 1 to 1073741824'],
  [
    [...BASE, "--slice", "sideways:1"],
    'Invalid --slice "sideways:1": expected a whole number from 1 to 1073741824',
  ],
  [[...BASE, "--delay=-5"], 'Invalid --delay "-5": expected a whole number from 0 to 60000'],
  [
    [...BASE, "--slice", "up:1", "--slice", "2"],
    'Flag "--slice" is given twice for up: run with --help for usage',
  ],
  [[...BASE, "--drop", "2"], 'Flag "--drop" is for UDP (add --udp): run with --help for usage'],
  [
    [...BASE, "--udp", "--coalesce", "5"],
    'Flag "--coalesce" is for TCP: run with --help for usage',
  ],
  [
    [...BASE, "--udp", "--drop", "0"],
    'Invalid --drop "0": expected datagram numbers from 1, such as 2 or 2,5, or p=0.3',
  ],
  [
    [...BASE, "--udp", "--drop", "p=0.3"],
    'Flag "--drop p=0.3" needs --seed N, so that every run picks the same datagrams',
  ],
  [
    [...BASE, "--udp", "--seed", "1", "--drop", "p=2"],
    'Invalid --drop "p=2": a rate is from p=0 to p=1',
  ],
  [
    [...BASE, "--udp", "--reorder=sideways"],
    'Invalid --reorder "sideways": expected up or down, or nothing',
  ],
  [
    [...BASE, "--max-clients", "4"],
    'Flag "--max-clients" is for UDP (add --udp): run with --help for usage',
  ],
  [
    [...BASE, "--udp", "--max-clients", "0"],
    'Invalid --max-clients "0": expected a whole number from 1 to 100000',
  ],
  [
    [...BASE, "--udp", "--client-idle", "1.5"],
    'Invalid --client-idle "1.5": expected a whole number from 1 to 86400',
  ],
  [[...BASE, "--seed", "x"], 'Invalid --seed "x": expected a whole number from 0 to 4294967295'],
  [[...BASE, "--bogus"], 'Unknown flag "--bogus": run with --help for usage'],
  [[...BASE, "--slice"], 'Flag "--slice" needs a value: run with --help for usage'],
  [[...BASE, "stray"], 'Unexpected argument "stray": run with --help for usage'],
];

for (const [args, line] of BAD) {
  Deno.test(`parseRelayFlags refuses ${JSON.stringify(args.slice(4).join(" ") || args.join(" "))} in one line, exit 2`, () => {
    const error = thrown(args);
    assertEquals([error.message, error.exitCode], [line, 2]);
  });
}

Deno.test("parseRelayFlags reads --max-clients and --client-idle for UDP", () => {
  const options = parseRelayFlags([...BASE, "--udp", "--max-clients", "3", "--client-idle", "2"]);
  assertEquals([options.maxClients, options.clientIdle], [3, 2]);
});

Deno.test("parseRelayFlags answers --help with the usage and exit 0", () => {
  const error = thrown(["--help"]);
  assertEquals(error.exitCode, 0);
  assertEquals(
    error.message.split("\n")[0],
    "Usage: relay --listen PORT --to HOST:PORT [--udp] [SHAPING...] [--seed N] [--trace]",
  );
});

/** What `parseRelayFlags(args)` threw. */
function thrown(args: string[]): CliError {
  try {
    parseRelayFlags(args);
  } catch (error) {
    assert(error instanceof CliError, String(error));
    return error;
  }
  throw new Error(`parseRelayFlags(${JSON.stringify(args)}) did not throw`);
}

Deno.test("every relay command in docs/pitfalls.md parses", async () => {
  const page = await Deno.readTextFile(new URL("../../docs/pitfalls.md", import.meta.url));
  const commands = page.split("\n").filter((line) =>
    /^npm run relay -- --(udp --)?listen \d/.test(line)
  );
  assert(commands.length >= 8, `${commands.length} commands`);
  for (const command of commands) {
    const args = command.replace(/#.*/, "").trim().split(/\s+/).slice(4);
    const options = parseRelayFlags(args);
    assert(Object.keys(options.up).length + Object.keys(options.down).length > 0, command);
  }
});
