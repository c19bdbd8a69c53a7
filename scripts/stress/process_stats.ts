/**
 * A server's memory and open file descriptors, read from Linux's /proc.
 *
 * @module
 */
import { execute } from "../_harness/command.ts";

/** One look at a process. */
export interface ProcessStats {
  /** Resident memory now, in KiB (`VmRSS`). */
  rssKiB: number;
  /** The highest resident memory so far, in KiB (`VmHWM`). */
  peakRssKiB: number;
  /** How many file descriptors it has open (entries of /proc/PID/fd). */
  fds: number;
}

/**
 * Reads `pid`'s memory and descriptor count. Through `cat` and `ls`: Deno
 * grants reads of another process's /proc files only with --allow-all.
 *
 * @example The current process
 * ```ts ignore
 * import { processStats } from "./process_stats.ts";
 *
 * const stats = await processStats(Deno.pid);
 * console.log(stats.rssKiB, stats.fds);
 * ```
 */
export async function processStats(pid: number): Promise<ProcessStats> {
  const status = await output("cat", [`/proc/${pid}/status`]);
  const fds = (await output("ls", [`/proc/${pid}/fd`])).split("\n").filter(Boolean).length;
  const field = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1]);
  return { rssKiB: field("VmRSS"), peakRssKiB: field("VmHWM"), fds };
}

async function output(command: string, args: string[]): Promise<string> {
  const { code, stdout } = await execute(command, args, { output: "capture" });
  if (code !== 0) throw new Error(`Cannot read ${args[0]}: ${command} exited with ${code}`);
  return stdout;
}

/** `stats` as "RSS 43.1 MiB (peak 64.0 MiB), 12 fds". */
export function formatStats(stats: ProcessStats): string {
  const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  return `RSS ${mib(stats.rssKiB)} (peak ${mib(stats.peakRssKiB)}), ${stats.fds} fds`;
}
