/**
 * Binding a socket synchronously on Node, as `Deno.listen` and
 * `Deno.listenDatagram` do.
 *
 * Deno binds before `listen()` returns: a busy port throws right there, and
 * `addr` holds the real port at once. Node's public `server.listen()` and
 * `socket.bind()` bind a tick later, even for an IP address (they go through
 * `dns.lookup`). So this module binds libuv's own handle through Node's
 * `tcp_wrap` and `udp_wrap` bindings, which report the error code at once,
 * then hands the bound handle to the public API (`server.listen(handle)`,
 * `socket.bind(handle)`), which takes it as it is.
 *
 * @module
 */
import { isIP } from "node:net";
import process from "node:process";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { fromErrno, fromNodeError } from "./node_errors.node.ts";

/** libuv's TCP or UDP handle: the few methods used here. */
export interface Handle {
  bind(address: string, port: number, flags?: number): number;
  bind6(address: string, port: number, flags: number): number;
  listen?(backlog: number): number;
  close(): void;
}

interface Bindings {
  tcp: { TCP: new (type: number) => Handle; constants: { SERVER: number } };
  udp: { UDP: new () => Handle };
}

/** Node's handle bindings, loaded on first use: importing the library alone never touches them. */
function bindings(): Bindings {
  const binding = (process as unknown as { binding(name: string): unknown }).binding;
  return {
    tcp: binding("tcp_wrap") as Bindings["tcp"],
    udp: binding("udp_wrap") as Bindings["udp"],
  };
}

/** The backlog Node's `server.listen()` uses by default. */
const BACKLOG = 511;

/** Creates a TCP handle bound to `hostname:port` and listening; throws as Deno does. */
export function bindTcp(hostname: string, port: number): Handle {
  const { TCP, constants } = bindings().tcp;
  const handle = new TCP(constants.SERVER);
  bindOrThrow(handle, hostname, port, "listen", () => handle.listen!(BACKLOG));
  return handle;
}

/** Creates a UDP handle bound to `hostname:port`; throws as Deno does. */
export function bindUdp(hostname: string, port: number): { handle: Handle; family: 4 | 6 } {
  const handle = new (bindings().udp.UDP)();
  const family = bindOrThrow(handle, hostname, port, "bind", () => 0);
  return { handle, family };
}

function bindOrThrow(
  handle: Handle,
  hostname: string,
  port: number,
  syscall: string,
  then: () => number,
): 4 | 6 {
  const { address, family } = resolveSync(hostname);
  let status = family === 6 ? handle.bind6(address, port, 0) : handle.bind(address, port, 0);
  if (status === 0) status = then();
  if (status !== 0) {
    handle.close();
    throw fromErrno(status, syscall);
  }
  return family;
}

/**
 * Resolves a host name before returning, as Deno's `listen` does: an IP
 * address as it is, a name through `dns.lookup` in a worker thread while this
 * one waits.
 */
export function resolveSync(hostname: string): { address: string; family: 4 | 6 } {
  const family = isIP(hostname);
  if (family === 4 || family === 6) return { address: hostname, family };
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(LOOKUP_WORKER, {
    eval: true,
    workerData: { hostname, done, port: port2 },
    transferList: [port2],
  });
  try {
    Atomics.wait(done, 0, 0, 30_000);
    const reply = receiveMessageOnPort(port1)?.message as
      | { address: string; family: 4 | 6 }
      | { error: { code: string; message: string } }
      | undefined;
    if (reply === undefined) throw fromNodeError(Object.assign(new Error(), { code: "EAI_AGAIN" }));
    if ("error" in reply) throw fromNodeError(Object.assign(new Error(), reply.error));
    return reply;
  } finally {
    void worker.terminate();
    port1.close();
  }
}

const LOOKUP_WORKER = `
const { lookup } = require("node:dns");
const { workerData: { hostname, done, port } } = require("node:worker_threads");
lookup(hostname, (error, address, family) => {
  port.postMessage(error ? { error: { code: error.code, message: error.message } } : { address, family });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});`;
