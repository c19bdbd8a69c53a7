/**
 * The receiver's answer after a file, in bytes the original programs never
 * read. The wire format has no acknowledgement, but TCP's close can carry
 * one: the port's sender half-closes after the data and reads until the
 * receiver closes. A receiver that kept the file closes with nothing to say;
 * a port receiver that refused or discarded it first writes one line saying
 * why ({@linkcode refuseFile}); a reset says "not kept" too. The original
 * sender closes right after `sendall()` and never reads that line; the
 * original receiver never writes one, so with it the sender sees a clean
 * close (docs/differences.md).
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { withTimeout } from "./timeout.ts";
import { writeAll } from "./write_all.ts";

/** The most bytes of a refusal line written or read. */
const MAX_REFUSAL_BYTES = 1024;

/** How long a receiver waits for its refusal line to leave. */
const REFUSAL_WRITE_MS = 1000;

/** How long a sender whose send failed looks for the receiver's reason. */
const REASON_AFTER_FAILED_SEND_MS = 1000;

/** The default of the sender's `--ack-timeout`, in seconds. */
export const DEFAULT_ACK_TIMEOUT_SECONDS = 3;

/** A connection the receipt goes over. */
export interface ReceiptConn {
  /** Reads into `p`; `null` at the end of the stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes some of `p`. */
  write(p: Uint8Array): Promise<number>;
  /** Sends the end of the stream, leaving the connection open for reading. */
  closeWrite(): Promise<void>;
}

/**
 * Receiver side: tells the sender why its file was not kept, as one line
 * written before the connection closes. It never fails and never waits long:
 * the sender may have gone (the original sender closes at once).
 *
 * @example A refusal the sender reads
 * ```ts ignore
 * import { refuseFile } from "./file_receipt.ts";
 *
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: 9001 });
 * await refuseFile(conn, "the file is over --max-size 1000");
 * conn.close();
 * ```
 *
 * @param conn The sender's connection.
 * @param reason Why, in the words of the receiver's error line.
 */
export async function refuseFile(conn: Pick<ReceiptConn, "write">, reason: string): Promise<void> {
  const line = new TextEncoder().encode(`${reason.replace(/[\r\n]+/g, " ")}\n`);
  await withTimeout(
    writeAll(conn, line.subarray(0, MAX_REFUSAL_BYTES)),
    REFUSAL_WRITE_MS,
    () => new Error("timed out"),
  ).catch(() => {}); // the sender is gone or not reading: the close says the rest
}

/** What a sender learns after its data: the receiver kept the file, or said nothing in time. */
export type Receipt = "kept" | "unconfirmed";

/**
 * Sender side, after the data: half-closes `conn` (the end of the stream,
 * which the receiver also needs to settle SIZE), then waits at most
 * `timeoutMs` for the receiver to close.
 *
 * @example A receiver that refused the file
 * ```ts ignore
 * import { awaitReceipt } from "./file_receipt.ts";
 *
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: 9001 });
 * // ... the header and the data ...
 * await awaitReceipt(conn, "my_document.pdf", 3000); // throws "Cannot send my_document.pdf: ..."
 * ```
 *
 * @param conn The connection the file went over.
 * @param name The file's name, for the error line.
 * @param timeoutMs The longest wait for the receiver's close.
 * @returns `"kept"` when the receiver closed with nothing to say,
 * `"unconfirmed"` when it did not close in time (it may be an original
 * receiver still reading, or a peer that never closes).
 * @throws {CliError} "Cannot send NAME: the receiver did not keep it: REASON"
 * when it said why, or reset the connection.
 */
export async function awaitReceipt(
  conn: ReceiptConn,
  name: string,
  timeoutMs: number,
): Promise<Receipt> {
  const answer = await readAnswer(conn, timeoutMs, true);
  if (answer.text !== "") throw refused(name, answer.text);
  if (answer.end === "reset") throw refused(name, "it reset the connection");
  return answer.end === "timeout" ? "unconfirmed" : "kept";
}

/**
 * Python's `s.close()` for the port's sender: {@linkcode awaitReceipt}, with
 * one line on stderr when the receiver did not close in time (the transfer
 * then ends as the original's does, exit 0).
 *
 * @example Close and learn whether the file was kept
 * ```ts ignore
 * import { confirmReceipt } from "./file_receipt.ts";
 *
 * await confirmReceipt(conn, "my_document.pdf", 3); // throws if the receiver refused it
 * ```
 *
 * @param conn The connection the file went over.
 * @param name The file's name, for the lines.
 * @param timeoutSeconds The longest wait for the receiver's close.
 * @throws {CliError} "Cannot send NAME: the receiver did not keep it: REASON".
 */
export async function confirmReceipt(
  conn: ReceiptConn,
  name: string,
  timeoutSeconds: number,
): Promise<void> {
  if (await awaitReceipt(conn, name, timeoutSeconds * 1000) === "unconfirmed") {
    console.error(
      `The receiver did not close within ${timeoutSeconds} s: it may not have kept ${name}`,
    );
  }
}

/**
 * Sender side, when sending failed (the receiver closed or reset the
 * connection): the receiver's reason if it wrote one, as a
 * {@linkcode CliError}; otherwise `error` itself.
 *
 * @example The receiver's reason, or the failure as it was
 * ```ts ignore
 * import { reasonForFailedSend } from "./file_receipt.ts";
 *
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: 9001 });
 * try {
 *   await conn.write(new Uint8Array(1 << 20));
 * } catch (error) {
 *   throw await reasonForFailedSend(conn, "big.bin", error);
 * }
 * ```
 *
 * @param conn The connection the send failed on.
 * @param name The file's name, for the error line.
 * @param error What the send threw.
 * @returns The error to throw.
 */
export async function reasonForFailedSend(
  conn: Pick<ReceiptConn, "read">,
  name: string,
  error: unknown,
): Promise<unknown> {
  const answer = await readAnswer(conn, REASON_AFTER_FAILED_SEND_MS, false);
  return answer.text === "" ? error : refused(name, answer.text);
}

/**
 * Python's `sendall()` for the sender: writes all of `bytes`; a failure is
 * one line, "Cannot ACTION: REASON", or the receiver's own reason when it
 * refused the file and said why before closing.
 *
 * @example Send a chunk
 * ```ts ignore
 * import { sendall } from "./file_receipt.ts";
 *
 * await sendall(conn, chunk, "send big.bin to 127.0.0.1:9001", "big.bin");
 * ```
 *
 * @param conn The connection.
 * @param bytes What to send.
 * @param action What the error line says could not be done.
 * @param name The file's name, for the receiver's reason.
 * @throws {CliError} When the bytes could not be sent.
 */
export async function sendall(
  conn: Pick<ReceiptConn, "read" | "write">,
  bytes: Uint8Array,
  action: string,
  name: string,
): Promise<void> {
  try {
    await withSocketErrors(action, () => writeAll(conn, bytes));
  } catch (error) {
    throw await reasonForFailedSend(conn, name, error);
  }
}

interface Answer {
  /** The receiver's line, made safe to show; `""` if it sent nothing. */
  text: string;
  /** How the reading ended. */
  end: "closed" | "reset" | "timeout";
}

async function readAnswer(
  conn: Pick<ReceiptConn, "read"> & Partial<ReceiptConn>,
  timeoutMs: number,
  halfClose: boolean,
): Promise<Answer> {
  const buffer = new Uint8Array(MAX_REFUSAL_BYTES);
  const deadline = performance.now() + timeoutMs;
  let length = 0;
  let end: Answer["end"] = "closed";
  // a receiver that refused may have reset the connection already: its line can still be read
  if (halfClose) await conn.closeWrite!().catch(() => {});
  try {
    while (length < buffer.length) {
      const count = await withTimeout(
        conn.read(buffer.subarray(length)),
        deadline - performance.now(),
        () => new TimeoutError(),
      );
      if (count === null) break;
      length += count;
      if (buffer.subarray(0, length).includes(0x0a)) break; // the whole line: no need to wait for the close
    }
  } catch (error) {
    end = error instanceof TimeoutError ? "timeout" : "reset";
  }
  if (length === 0) return { text: "", end };
  const line = new TextDecoder().decode(buffer.subarray(0, length)).split("\n")[0]!;
  // the receiver's words, shown without anything that could move the cursor or hide text
  const text = line.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "?").trim();
  return { text: text === "" ? "it answered with an empty line" : text, end };
}

class TimeoutError extends Error {}

function refused(name: string, reason: string): CliError {
  return new CliError(`Cannot send ${name}: the receiver did not keep it: ${reason}`);
}
