/**
 * Typing into a chat client as a person would: one line at a time, each only
 * after the client has printed its prompt for it, so that the client has
 * finished with the previous reply. The originals' transcripts then depend on
 * what they do, not on how the lines happen to be split or joined by timing.
 *
 * @module
 */
import type { Spawned } from "./process.ts";

/** The prompt both chat clients (TCP and UDP, Python and ports) print before reading a line. */
export const PROMPT = ">> ";

/**
 * Writes each of `lines` to `client` after its next prompt, then closes its
 * input. A client that exits early (such as an original that crashed) just
 * gets no more input: its outcome says what happened.
 */
export async function typeLines(client: Spawned, lines: string[]): Promise<void> {
  const encoder = new TextEncoder();
  for (const [index, line] of lines.entries()) {
    try {
      await client.waitForStdoutCount(PROMPT, index + 1);
      await client.write(encoder.encode(`${line}\n`));
    } catch {
      break;
    }
  }
  await client.closeStdin();
}
