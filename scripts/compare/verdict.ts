/**
 * Judging one combination of a pair against the originals.
 *
 * @module
 */
import type { Session } from "./pair.ts";

/** How a combination went. */
export type Verdict = "pass" | "original's flaw" | "race" | "FAIL";

/**
 * A combination passes when both programs did their part right. When one did
 * not, it is the original's flaw (not the port's error) if every program that
 * went wrong is a Python original; a port (on Deno or Node) going wrong fails.
 * A combination that the condition says timing decides (`session.race`) is
 * a `race` whatever this run did, so that the comparison says the same
 * thing every run.
 */
export function judge(session: Session): Verdict {
  if (session.race !== undefined) return "race";
  if (session.serverOk && session.clientOk) return "pass";
  const portWrong = (session.server !== "python" && !session.serverOk) ||
    (session.client !== "python" && session.client !== "scripted" && !session.clientOk);
  return portWrong ? "FAIL" : "original's flaw";
}
