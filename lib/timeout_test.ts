import { withTimeout } from "./timeout.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

Deno.test("withTimeout() passes on a result or a rejection that comes in time", async () => {
  const soon = new Promise((resolve) => setTimeout(resolve, 5, "data"));
  assertEquals(await withTimeout(soon, 5000, () => new Error("late")), "data");
  await assertRejects(
    () => withTimeout(Promise.reject(new RangeError("reset")), 5000, () => new Error("late")),
    RangeError,
    "reset",
  );
});

Deno.test("withTimeout() rejects with its own error when the time is up, and waits forever without a limit", async () => {
  const never = new Promise<never>(() => {});
  await assertRejects(() => withTimeout(never, 20, () => new Error("late")), Error, "late");
  await assertRejects(() => withTimeout(never, -5, () => new Error("already late")), Error);
  const later = new Promise((resolve) => setTimeout(resolve, 30, "eventually"));
  assertEquals(await withTimeout(later, undefined, () => new Error("never")), "eventually");
});
