import { onStopSignal, stopHandlerCount } from "./stop_signals.ts";
import { assertEquals } from "./_assert.ts";

// SIGINT and the exits are tested end to end (tests/tcp_keep_open_test.ts): `deno test` reserves
// SIGINT, and an exit would end the test run.
Deno.test("onStopSignal() tells every handler of SIGTERM, in order; a handled signal does not exit", async () => {
  const told: string[] = [];
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => stopped = resolve);
  {
    using _first = onStopSignal((signal) => void told.push(`first ${signal}`));
    using _second = onStopSignal((signal) => {
      told.push(`second ${signal}`);
      stopped();
      return "handled";
    });
    const alive = setTimeout(() => {}, 10_000); // a signal listener keeps no process alive
    Deno.kill(Deno.pid, "SIGTERM");
    await done;
    clearTimeout(alive);
  }
  assertEquals(told, ["first SIGTERM", "second SIGTERM"]);
  assertEquals(stopHandlerCount(), 0);
});
