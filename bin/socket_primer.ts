/**
 * The npm package's one command, `socket-primer`: each subcommand runs one of
 * the scripts with the same flags as its `deno run` line.
 *
 * ```sh
 * npx socket-primer tcp-server --port 9000
 * npx socket-primer tcp-client --port 9000
 * ```
 *
 * @module
 */
import { CliError, runMain } from "../lib/mod.ts";

type Main = (args: string[]) => Promise<void>;

/** One line per script: the subcommand and the module whose `main` it runs. */
const SUBCOMMANDS = {
  "tcp-server": () => import("../tcp/tcp_server.ts"),
  "tcp-client": () => import("../tcp/tcp_client.ts"),
  "udp-server": () => import("../udp/udp_server.ts"),
  "udp-client": () => import("../udp/udp_client.ts"),
  "file-sender": () => import("../filetransfer/file_sender.ts"),
  "file-receiver": () => import("../filetransfer/file_receiver.ts"),
  relay: () => import("../scripts/relay.ts"),
} satisfies Record<string, () => Promise<{ main: Main }>>;

type Subcommand = keyof typeof SUBCOMMANDS;

/** What each subcommand does, in one line of its help. */
const SUMMARIES: Record<Subcommand, string> = {
  "tcp-server": "TCP echo server, port 8080: echoes each message uppercased",
  "tcp-client": "TCP client: sends each line you type, prints the echo",
  "udp-server": "UDP echo server, port 8888: echoes each datagram uppercased",
  "udp-client": "UDP client: sends each line as a datagram, prints the echo",
  "file-sender": "sends a file to port 9001 (by default a 45,000-byte test file)",
  "file-receiver": "file receiver, port 9001: writes one file as received_NAME",
  relay: "forwards TCP or UDP to a server, slicing, delaying or dropping",
};

/** The package's version, which a test holds to deno.json's and package.json's. */
export const VERSION = "0.1.0";

const USAGE = `Usage: socket-primer <command> [flags]
       socket-primer --version

The six programs of a Chinese socket-programming tutorial, ported from Python
to TypeScript, with the originals' defaults, bytes on the wire and output.

Commands:

${Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(14)} ${summary}`).join("\n")}

Run socket-primer <command> --help for a command's flags.`;

/** Runs the subcommand named by `args[0]` with the rest of `args`. */
export async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h") {
    throw new CliError(USAGE, command === undefined ? 2 : 0);
  }
  if (command === "--version" || command === "-V") throw new CliError(VERSION, 0);
  // The Node single executable, called by a program's link (`tcp_server`),
  // passes that name: help then names the program as the user typed it.
  const subcommand = command.replaceAll("_", "-");
  if (!Object.hasOwn(SUBCOMMANDS, subcommand)) { // nor "constructor" and the like
    throw new CliError(`Unknown command "${command}": run with --help for the commands`, 2);
  }
  const script = await SUBCOMMANDS[subcommand as Subcommand]();
  try {
    await script.main(rest);
  } catch (error) {
    if (!(error instanceof CliError && error.exitCode === 0)) throw error;
    const name = command.includes("_") ? command : `socket-primer ${command}`;
    const [first = "", ...rest] = error.message.split("\n");
    const indent = " ".repeat(`Usage: ${name} `.length);
    const program = first.match(/^Usage: (\S+)/)?.[1] ?? "";
    // A usage line wrapped under the program's name stays under the new name,
    // and a second usage line (`       tcp_server -k ...`) names it too.
    const wrapped = rest.map((line) =>
      line.replace(/^ +(?=\[)/, indent).replace(
        new RegExp(`^ {7}${program}(?= )`),
        `${" ".repeat("Usage: ".length)}${name}`,
      )
    );
    throw new CliError([first.replace(/^Usage: \S+/, `Usage: ${name}`), ...wrapped].join("\n"), 0);
  }
}

// Not awaited: a top-level await would make the bin an ES module that no
// CommonJS bundle can hold, and the Node single executable is one
// (scripts/compile_node.ts). runMain() ends the process itself on a CliError;
// any other error still surfaces as an unhandled rejection, with its stack.
runMain(() => main(Deno.args));
