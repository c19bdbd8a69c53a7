/**
 * Transcripts: what a program printed, as a reader compares it.
 *
 * @module
 */
import type { Outcome } from "../_harness/process.ts";
import { hidePorts } from "../_harness/net.ts";
import { parseTrace, withoutTrace } from "../_harness/trace.ts";
import type { Session } from "./pair.ts";
import type { Side } from "./sides.ts";

/**
 * A program's transcript: its stdout with each prompt (`>> `) on a line of its
 * own, then, if it wrote to stderr, the last line of that (a Python
 * traceback's last line is its error) marked `[stderr]`, and a non-zero exit
 * code marked `[exit N]`.
 */
export function transcriptOf(outcome: Outcome): string {
  const lines = outcome.stdout.replace(/>> (?!\n)/g, ">> \n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const lastError = withoutTrace(outcome.stderr).trimEnd().split("\n").at(-1);
  if (lastError) lines.push(`[stderr] ${lastError}`);
  if (outcome.code !== 0) lines.push(`[exit ${outcome.code}]`);
  return lines.join("\n");
}

/** Hides ports in a transcript: the address tuples, and the `HOST:PORT` the programs print. */
export function hideAllPorts(transcript: string): string {
  return hidePorts(transcript).replace(/\b(\d{1,3}(?:\.\d{1,3}){3}):\d+\b/g, "$1:PORT");
}

/**
 * One run of a pair, as the comparison reports it: both transcripts with
 * ports hidden, both exit codes, and whether each side did its part right.
 * A scripted client has no transcript of its own.
 */
export function sessionOf(
  [server, client]: [Side, Side | "scripted"],
  serverOutcome: Outcome,
  clientOutcome: Outcome | null,
  ok: { serverOk: boolean; clientOk: boolean },
): Session {
  return {
    server,
    client,
    serverTranscript: hideAllPorts(transcriptOf(serverOutcome)),
    clientTranscript: clientOutcome ? hideAllPorts(transcriptOf(clientOutcome)) : "",
    serverCode: serverOutcome.code,
    clientCode: clientOutcome?.code ?? 0,
    serverTrace: parseTrace(serverOutcome.stderr),
    clientTrace: parseTrace(clientOutcome?.stderr ?? ""),
    ...ok,
  };
}
