import { parseFlags, parsePort, USAGE_EXIT_CODE } from "./cli_flags.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals, assertThrows } from "./_assert.ts";

const SPEC = {
  usage: "Usage: udp_client [--host HOST] [--port PORT] [--timeout SECONDS]",
  host: "127.0.0.1",
  port: 8888,
  options: { timeout: { type: "string" as const } },
  maxPositionals: 1,
};

/** Asserts that parsing `args` fails with this exact line and exit code. */
function assertUsageError(args: string[], message: string, exitCode = USAGE_EXIT_CODE) {
  assertThrows(() => parseFlags(args, SPEC), (error: unknown) => {
    assertEquals(error instanceof CliError && [error.message, error.exitCode], [message, exitCode]);
    return true;
  });
}

/** The parsed flags without `print`, a function that deep equality cannot compare. */
function withoutPrint(args: string[]) {
  const { print: _, ...rest } = parseFlags(args, SPEC);
  return rest;
}

Deno.test("parseFlags() applies the defaults, then the flags", () => {
  assertEquals(withoutPrint([]), {
    host: "127.0.0.1",
    port: 8888,
    values: {},
    positionals: [],
    trace: false,
    lang: "zh",
  });
  assertEquals(withoutPrint(["--host", "::1", "-p", "0", "--timeout=2", "file.bin"]), {
    host: "::1",
    port: 0,
    values: { timeout: "2" },
    positionals: ["file.bin"],
    trace: false,
    lang: "zh",
  });
});

Deno.test("parseFlags() returns --lang as a value, not as global state", () => {
  assertEquals(parseFlags(["--lang", "en"], SPEC).lang, "en");
  assertEquals(parseFlags(["--lang=zh"], SPEC).lang, "zh");
  assertEquals(parseFlags([], SPEC).lang, "zh");
  assertEquals(parseFlags(["--lang", "en"], SPEC).print.lang, "en"); // print() in that language
});

Deno.test("parseFlags() returns --trace as a value, not as global state", () => {
  assertEquals(parseFlags(["--trace"], SPEC).trace, true);
  assertEquals(parseFlags([], SPEC).trace, false);
  assertUsageError(["--trace=yes"], 'Flag "--trace" takes no value: run with --help for usage');
});

Deno.test("parseFlags() answers --help and -h with the usage text and exit code 0", () => {
  const usage = `${SPEC.usage}\n                  [--lang LANG] [--trace]\n` +
    "  --lang LANG  print the original's lines in zh (Chinese, the default) or en\n" +
    "  --trace      print a line per socket operation on stderr (docs/wire.md)";
  assertUsageError(["--help"], usage, 0);
  assertUsageError(["--port", "1", "-h"], usage, 0);
});

Deno.test("parseFlags() lists --lang and --trace in the usage line and aligns their help with the other flags", () => {
  const spec = {
    ...SPEC,
    usage: "Usage: file_receiver [--host HOST] [--port PORT] [--dir DIR] [--max-size BYTES]\n\n" +
      "  --host HOST        address to listen on\n  -h, --help         show this help",
  };
  assertThrows(() => parseFlags(["--help"], spec), (error: unknown) => {
    assertEquals((error as CliError).message.split("\n"), [
      "Usage: file_receiver [--host HOST] [--port PORT] [--dir DIR] [--max-size BYTES]",
      "                     [--lang LANG] [--trace]",
      "",
      "  --host HOST        address to listen on",
      "  -h, --help         show this help",
      "  --lang LANG        print the original's lines in zh (Chinese, the default) or en",
      "  --trace            print a line per socket operation on stderr (docs/wire.md)",
    ]);
    return true;
  });
});

Deno.test("parseFlags() turns every misuse into one line with exit code 2", () => {
  const table: [string[], string][] = [
    [["--prot", "1"], 'Unknown flag "--prot": run with --help for usage'],
    [["-x"], 'Unknown flag "-x": run with --help for usage'],
    [["--port"], 'Flag "--port" needs a value: run with --help for usage'],
    [["-p"], 'Flag "--port" needs a value: run with --help for usage'],
    [["--port", "--host"], 'Flag "--port" needs a value: run with --help for usage'],
    [["--help=yes"], 'Flag "--help" takes no value: run with --help for usage'],
    [["a", "b"], 'Unexpected argument "b": run with --help for usage'],
    [["--port", "http"], 'Invalid port "http": expected a whole number from 0 to 65535'],
    [["--lang", "fr"], 'Invalid language "fr": expected zh (the original\'s Chinese) or en'],
    [
      ["--host", ""],
      'Invalid host "": expected a host name or an IP address, such as 127.0.0.1 or ::1',
    ],
    [
      ["--host", "127.0.0.1:80"],
      'Invalid host "127.0.0.1:80": expected a host name or an IP address, such as 127.0.0.1 or ::1',
    ],
    [
      ["--host", "a b"],
      'Invalid host "a b": expected a host name or an IP address, such as 127.0.0.1 or ::1',
    ],
    [["--timeout", "-1"], 'Invalid timeout "-1": the value is negative'],
    [["--timeout", "-0.5"], 'Invalid timeout "-0.5": the value is negative'],
    [["-p", "-5"], 'Invalid port "-5": the value is negative'],
  ];
  for (const [args, message] of table) assertUsageError(args, message);
});

Deno.test("parseFlags() refuses port 0 for a client, in one line", () => {
  assertEquals(parseFlags(["--port", "0"], SPEC).port, 0); // a server may ask for any port
  assertThrows(() => parseFlags(["--port", "0"], { ...SPEC, client: true }), (error: unknown) => {
    assertEquals(error instanceof CliError && [error.message, error.exitCode], [
      'Invalid port "0": a client needs the server\'s port, from 1 to 65535',
      USAGE_EXIT_CODE,
    ]);
    return true;
  });
});

Deno.test("parsePort() accepts exactly 0 to 65535 in decimal", () => {
  assertEquals(["0", "1", "8080", "65535", "00080"].map(parsePort), [0, 1, 8080, 65535, 80]);
  for (const bad of ["", "-1", "65536", "99999", "1e3", "0x50", " 80", "80 ", "8.0", "123456"]) {
    assertThrows(() => parsePort(bad), CliError, `port ${JSON.stringify(bad)}`);
  }
});
