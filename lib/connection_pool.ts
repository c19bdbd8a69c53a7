/**
 * Serving many connections at once, at most a fixed number, and closing them
 * all when the server stops: the keep-open mode of ncat's `-k` and
 * `--max-conns`.
 *
 * @module
 */
import { formatPythonAddress } from "./python_address.ts";

/** A connection as the pool sees it: something to close. */
export interface PooledConn {
  /** Closes the connection, ending its pending read or write. */
  close(): void;
}

/** Options for {@linkcode ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** The most connections served at once. */
  maxConns: number;
  /** The most connections served at once from one host (`--max-per-host`); no limit by default. */
  maxPerHost?: number;
  /**
   * Called with an error a connection's handler threw, so that one bad
   * connection never stops the server. Handlers should catch what they can
   * explain; this is for the rest.
   */
  onError(error: unknown): void;
}

/**
 * Runs one handler per connection, concurrently, with at most `maxConns`
 * open. A connection beyond the limit is turned away at once:
 * {@linkcode ConnectionPool.serve} returns `false` and the caller closes it
 * (a client held in the backlog would wait with no word; one closed at once
 * knows). The pool closes each connection once its handler settles, so a
 * handler that throws leaks nothing. Disposing the pool (`await using`) closes every open connection
 * and waits for their handlers to finish, so each prints its closing line.
 *
 * @example Serve two connections, turn away a third
 * ```ts
 * import { ConnectionPool } from "./connection_pool.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const log: string[] = [];
 * const conn = (name: string) => {
 *   let close!: () => void;
 *   const closed = new Promise<void>((resolve) => close = resolve);
 *   return { name, closed, close: () => close() };
 * };
 * const handler = async (c: ReturnType<typeof conn>) => {
 *   await c.closed; // serves until the connection closes
 *   log.push(`${c.name} done`);
 * };
 * {
 *   await using pool = new ConnectionPool({ maxConns: 2, onError: () => {} });
 *   assertEquals(pool.serve(conn("a"), handler), true);
 *   assertEquals(pool.serve(conn("b"), handler), true);
 *   assertEquals(pool.serve(conn("c"), handler), false); // full: the caller turns it away
 *   assertEquals(pool.size, 2);
 * } // closes a and b, and waits for their handlers
 * assertEquals(log, ["a done", "b done"]);
 * ```
 */
export class ConnectionPool implements AsyncDisposable {
  #maxConns: number;
  #onError: (error: unknown) => void;
  #maxPerHost: number;
  #open = new Map<PooledConn, Promise<void>>();
  #perHost = new Map<string, number>();
  #closing = false;

  /** @param options The limits and the error report. */
  constructor(options: ConnectionPoolOptions) {
    this.#maxConns = options.maxConns;
    this.#maxPerHost = options.maxPerHost ?? Infinity;
    this.#onError = options.onError;
  }

  /** How many connections are open now. */
  get size(): number {
    return this.#open.size;
  }

  /** Whether the pool is closing every connection (the server is stopping). */
  get closing(): boolean {
    return this.#closing;
  }

  /**
   * Why a connection from `host` would be turned away now, or `undefined`
   * if {@linkcode ConnectionPool.serve} would take it.
   *
   * @param host The peer's address, for the per-host limit.
   * @returns The reason, for the line that turns it away.
   */
  refusal(host?: string): string | undefined {
    if (this.#closing) return "the server is stopping";
    if (this.#open.size >= this.#maxConns) {
      return `the server is full (--max-conns ${this.#maxConns})`;
    }
    if (host !== undefined && (this.#perHost.get(host) ?? 0) >= this.#maxPerHost) {
      return `${host} has ${this.#maxPerHost} connections open already (--max-per-host ${this.#maxPerHost})`;
    }
    return undefined;
  }

  /**
   * Starts `handler(conn)` unless a limit refuses it (see
   * {@linkcode ConnectionPool.refusal}); the connection leaves the pool when
   * its handler settles.
   *
   * @param conn The accepted connection.
   * @param handler Serves it to the end; the pool closes it afterwards.
   * @param host The peer's address, for the per-host limit.
   * @returns `true` if it is being served, `false` if the pool is full or closing.
   */
  serve<C extends PooledConn>(
    conn: C,
    handler: (conn: C) => Promise<void>,
    host?: string,
  ): boolean {
    if (this.refusal(host) !== undefined) return false;
    if (host !== undefined) this.#perHost.set(host, (this.#perHost.get(host) ?? 0) + 1);
    const done = Promise.resolve()
      .then(() => handler(conn))
      .catch((error) => this.#onError(error))
      .finally(() => {
        this.#open.delete(conn);
        if (host !== undefined) {
          const left = this.#perHost.get(host)! - 1;
          if (left === 0) this.#perHost.delete(host);
          else this.#perHost.set(host, left);
        }
        closeQuietly(conn);
      });
    this.#open.set(conn, done);
    return true;
  }

  /** Closes every open connection; their handlers end on their own. */
  closeAll(): void {
    this.#closing = true;
    for (const conn of this.#open.keys()) closeQuietly(conn);
  }

  /** Closes every open connection and waits for their handlers. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.closeAll();
    await Promise.all(this.#open.values());
  }
}

function closeQuietly(conn: PooledConn): void {
  try {
    conn.close();
  } catch {
    // closed already (by its handler, an idle timeout, or closeAll)
  }
}

/**
 * Turns away a connection that {@linkcode ConnectionPool.serve} refused:
 * one line on stderr, naming it and the limit, and the connection closed
 * at once, so that the client knows rather than waits.
 *
 * @example Turn away a client
 * ```ts ignore
 * import { turnAway } from "./connection_pool.ts";
 *
 * turnAway(await listener.accept(), 100);
 * // stderr: Cannot serve ('127.0.0.1', 50624): the server is full (--max-conns 100)
 * ```
 *
 * @param conn The connection, with the address of its peer.
 * @param reason Why, from {@linkcode ConnectionPool.refusal}; a number is the `--max-conns` it is over.
 */
export function turnAway(
  conn: PooledConn & { remoteAddr: { hostname: string; port: number } },
  reason: string | number,
): void {
  const why = typeof reason === "number" ? `the server is full (--max-conns ${reason})` : reason;
  console.error(`Cannot serve ${formatPythonAddress(conn.remoteAddr)}: ${why}`);
  conn.close();
}
