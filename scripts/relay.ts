#!/usr/bin/env -S deno run --allow-net=127.0.0.1,localhost
/**
 * `relay`: listens on a loopback port and forwards every TCP connection (or,
 * with `--udp`, every datagram) to one server and back, reshaping what passes,
 * so that a learner can switch each classic socket pitfall on with a flag,
 * then watch an original fail and its port hold, read by read (`--trace`).
 * docs/pitfalls.md shows a command for each pitfall.
 *
 * ```sh
 * npx deno run --allow-net=127.0.0.1,localhost scripts/relay.ts --listen 9002 --to 127.0.0.1:9001 --coalesce 50
 * ```
 *
 * It forwards only to `--to`, listens on 127.0.0.1 only, and stops on Ctrl+C
 * or SIGTERM. Its permissions reach 127.0.0.1 and localhost only: a `--to`
 * elsewhere is refused, one line per attempt, unless `--allow-net` names it.
 * The same flags and `--seed` give the same pieces on every run.
 *
 * @module
 */
import { closeOnShutdown } from "../lib/shutdown.ts";
import { listen, listenDatagram } from "../lib/_net.deno.ts";
import { runMain } from "../lib/run_main.ts";
import { withSocketErrors } from "../lib/socket_errors.ts";
import { parseRelayFlags, type Shaping } from "./relay/flags.ts";
import { addressOf, traceLog } from "./relay/log.ts";
import { relayTcp } from "./relay/tcp.ts";
import { relayUdp } from "./relay/udp.ts";

/** The address the relay listens on: loopback only. */
const HOST = "127.0.0.1";

/** Runs the relay with the command line `args` until Ctrl+C or SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const options = parseRelayFlags(args);
  const log = traceLog(options.trace);
  const stop = new AbortController();
  const here = `${HOST}:${options.listen}`;
  const transport = options.udp ? "UDP" : "TCP";
  const announce = () =>
    console.log(
      `Relaying ${transport} from ${here} to ${addressOf(options.to)}` +
        `: up ${describe(options.up)}; down ${describe(options.down)}`,
    );
  using _guard = closeOnShutdown({ close: () => stop.abort() });
  if (options.udp) {
    const front = await withSocketErrors(
      `listen on ${here}`,
      () => listenDatagram({ hostname: HOST, port: options.listen, transport: "udp" }),
    );
    announce();
    await relayUdp(front, options, log, stop.signal);
  } else {
    const listener = await withSocketErrors(
      `listen on ${here}`,
      () => listen({ hostname: HOST, port: options.listen }),
    );
    announce();
    await relayTcp(listener, options, log, stop.signal);
  }
}

/** One direction's shaping as flags, such as `--slice 1`, or `as is`. */
function describe(shape: Shaping): string {
  const flags = Object.entries(shape).map(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === true) return flag;
    if (typeof value === "object") {
      return `${flag} ${"rate" in value ? `p=${value.rate}` : value.numbers.join(",")}`;
    }
    return `${flag} ${value}`;
  });
  return flags.length === 0 ? "as is" : flags.join(" ");
}

if (import.meta.main) await runMain(() => main(Deno.args));
