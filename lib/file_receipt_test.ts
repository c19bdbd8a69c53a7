import { awaitReceipt, reasonForFailedSend, refuseFile, sendall } from "./file_receipt.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

/** A connection whose reads return `answers` in turn (an Error is thrown), then wait forever. */
function fakeConn(...answers: (string | null | Error)[]) {
  const written: Uint8Array[] = [];
  let halfClosed = false;
  return {
    written,
    halfClosed: () => halfClosed,
    read(p: Uint8Array): Promise<number | null> {
      if (answers.length === 0) return new Promise(() => {});
      const answer = answers.shift()!;
      if (answer instanceof Error) return Promise.reject(answer);
      if (answer === null) return Promise.resolve(null);
      const bytes = new TextEncoder().encode(answer);
      p.set(bytes);
      return Promise.resolve(bytes.length);
    },
    write(p: Uint8Array): Promise<number> {
      written.push(p.slice());
      return Promise.resolve(p.length);
    },
    closeWrite(): Promise<void> {
      halfClosed = true;
      return Promise.resolve();
    },
  };
}

Deno.test("awaitReceipt() half-closes; a bare close is a kept file", async () => {
  const conn = fakeConn(null);
  assertEquals(await awaitReceipt(conn, "a.txt", 1000), "kept");
  assertEquals(conn.halfClosed(), true);
});

Deno.test("awaitReceipt() throws the receiver's reason, read across reads, shown safely", async () => {
  await assertRejects(
    () => awaitReceipt(fakeConn("the declared size 9 is ", "over the limit\n", null), "a", 1000),
    {
      message: "Cannot send a: the receiver did not keep it: the declared size 9 is over the limit",
    },
  );
  // a reset after the line still gives the line; control characters never reach the terminal
  await assertRejects(
    () => awaitReceipt(fakeConn("no \x1b[2Jspace\n", new Deno.errors.ConnectionReset()), "a", 1000),
    { message: "Cannot send a: the receiver did not keep it: no ?[2Jspace" },
  );
});

Deno.test("awaitReceipt() takes a reset with no line as a file not kept", async () => {
  await assertRejects(
    () => awaitReceipt(fakeConn(new Deno.errors.ConnectionReset()), "a", 1000),
    { message: "Cannot send a: the receiver did not keep it: it reset the connection" },
  );
});

Deno.test("awaitReceipt() gives up on a receiver that never closes", async () => {
  assertEquals(await awaitReceipt(fakeConn(), "a", 10), "unconfirmed");
});

Deno.test("refuseFile() writes one line, and never fails on a sender that has gone", async () => {
  const conn = fakeConn();
  await refuseFile(conn, "a\nb");
  assertEquals(new TextDecoder().decode(conn.written[0]), "a b\n");
  await refuseFile({ write: () => Promise.reject(new Deno.errors.BrokenPipe()) }, "x");
});

Deno.test("sendall() after a refusal throws the receiver's reason; with none, the send's error", async () => {
  const refusing = {
    ...fakeConn("over --max-size\n"),
    write: () => Promise.reject(new Deno.errors.BrokenPipe()),
  };
  await assertRejects(() => sendall(refusing, new Uint8Array(1), "send a to h:1", "a"), {
    message: "Cannot send a: the receiver did not keep it: over --max-size",
  });
  const silent = { ...fakeConn(null), write: () => Promise.reject(new Deno.errors.BrokenPipe()) };
  await assertRejects(() => sendall(silent, new Uint8Array(1), "send a to h:1", "a"), {
    message: "Cannot send a to h:1: the peer closed the connection",
  });
  const error = new Error("other");
  assertEquals(await reasonForFailedSend(fakeConn(null), "a", error), error);
});
