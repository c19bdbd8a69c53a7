import { acceptEach } from "./accept_each.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("acceptEach() goes on after failed accepts, telling once per run of failures", async () => {
  const fail = () => new Error("Too many open files (os error 24)");
  const results: (number | Error)[] = [1, fail(), fail(), fail(), 2, fail(), 3];
  const listener = {
    accept(): Promise<number> {
      const next = results.shift();
      if (next === undefined) return Promise.reject(new Deno.errors.Interrupted("closed"));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  const told: unknown[] = [];
  const accepted: number[] = [];
  for await (const conn of acceptEach(listener, (error) => told.push(error), 0)) {
    accepted.push(conn);
  }
  assertEquals(accepted, [1, 2, 3]);
  assertEquals(told.length, 2);
});

Deno.test("acceptEach() drops 30 connections reset in the queue at once, with no word and no sleep", async () => {
  const reset = () =>
    Object.assign(new Error("Transport endpoint is not connected"), {
      name: "NotConnected",
    });
  const results: (number | Error)[] = [...Array.from({ length: 30 }, reset), 1];
  const listener = {
    accept(): Promise<number> {
      const next = results.shift();
      if (next === undefined) return Promise.reject(new Deno.errors.BadResource("closed"));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  const told: unknown[] = [];
  const accepted: number[] = [];
  for await (const conn of acceptEach(listener, (error) => told.push(error), 0)) {
    accepted.push(conn);
  }
  assertEquals([accepted, told], [[1], []]); // not told: told means a failure, and a sleep
});
