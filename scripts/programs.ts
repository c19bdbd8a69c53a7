/**
 * The six programs of the tutorial and the exact Deno permissions each one's
 * documented command grants: the one list that the shebangs, the README, the
 * deno.json tasks and the compiled binaries are checked against.
 *
 * @module
 */

/** One Deno script and its least-privilege permissions. */
export interface ProgramInfo {
  /** The Python original's name without `.py`, also the binary's name. */
  name: string;
  /** The script, from the repository root. */
  script: string;
  /** The permission flags of its documented `deno run` command (default host and port). */
  permissions: string[];
}

/** Every Deno script, in the tutorial's order. */
export const PROGRAMS: ProgramInfo[] = [
  { name: "tcp_server", script: "tcp/tcp_server.ts", permissions: ["--allow-net=0.0.0.0:8080"] },
  { name: "tcp_client", script: "tcp/tcp_client.ts", permissions: ["--allow-net=127.0.0.1:8080"] },
  {
    name: "udp_server",
    script: "udp/udp_server.ts",
    permissions: ["--allow-net=0.0.0.0:8888,127.0.0.1"],
  },
  {
    name: "udp_client",
    script: "udp/udp_client.ts",
    permissions: ["--allow-net=0.0.0.0:0,127.0.0.1:8888"],
  },
  {
    name: "file_sender",
    script: "filetransfer/file_sender.ts",
    permissions: [
      "--allow-net=127.0.0.1:9001",
      "--allow-read=my_document.pdf",
      "--allow-write=my_document.pdf",
    ],
  },
  {
    name: "file_receiver",
    script: "filetransfer/file_receiver.ts",
    permissions: ["--allow-net=0.0.0.0:9001", "--allow-read=.", "--allow-write=."],
  },
];

/** The documented command that runs `program`. */
export function runCommand(program: ProgramInfo): string {
  return ["deno run", ...program.permissions, program.script].join(" ");
}
