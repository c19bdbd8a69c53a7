/**
 * Transcripts: what a program printed, as a reader compares it.
 *
 * @module
 */
import type { Outcome } from "../../tests/_helpers/process.ts";

/**
 * A program's transcript: its stdout with each prompt (`>> `) on a line of its
 * own, then, if it wrote to stderr, the last line of that (a Python
 * traceback's last line is its error) marked `[stderr]`, and a non-zero exit
 * code marked `[exit N]`.
 */
export function transcriptOf(outcome: Outcome): string {
  const lines = outcome.stdout.replace(/>> (?!\n)/g, ">> \n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const lastError = outcome.stderr.trimEnd().split("\n").at(-1);
  if (lastError) lines.push(`[stderr] ${lastError}`);
  if (outcome.code !== 0) lines.push(`[exit ${outcome.code}]`);
  return lines.join("\n");
}
