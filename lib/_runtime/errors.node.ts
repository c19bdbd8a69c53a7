/**
 * `Deno.errors` for Node: the classes the programs tell apart, with Deno's
 * names. `node_errors.node.ts` maps Node's error codes onto them; any other
 * system error stays a plain `Error` with the system's text.
 *
 * @module
 */

function named(name: string) {
  return class extends Error {
    constructor(message?: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

/** A file or directory does not exist (`ENOENT`). */
export class NotFound extends named("NotFound") {}
/** The operating system refused (`EACCES`, `EPERM`). */
export class PermissionDenied extends named("PermissionDenied") {}
/** Nothing listens on the port (`ECONNREFUSED`). */
export class ConnectionRefused extends named("ConnectionRefused") {}
/** The peer reset the connection (`ECONNRESET`). */
export class ConnectionReset extends named("ConnectionReset") {}
/** The connection was aborted (`ECONNABORTED`). */
export class ConnectionAborted extends named("ConnectionAborted") {}
/** The address is already in use (`EADDRINUSE`). */
export class AddrInUse extends named("AddrInUse") {}
/** The address does not belong to this machine (`EADDRNOTAVAIL`). */
export class AddrNotAvailable extends named("AddrNotAvailable") {}
/** Writing to a connection the peer closed, or after `closeWrite()` (`EPIPE`). */
export class BrokenPipe extends named("BrokenPipe") {}
/** The file already exists (`EEXIST`). */
export class AlreadyExists extends named("AlreadyExists") {}
/** Timed out (`ETIMEDOUT`). */
export class TimedOut extends named("TimedOut") {}
/** Interrupted (`EINTR`). */
export class Interrupted extends named("Interrupted") {}
/** The resource is closed (`EBADF`, or use after `close()`). */
export class BadResource extends named("BadResource") {}
/** A directory where a file was expected (`EISDIR`). */
export class IsADirectory extends named("IsADirectory") {}
/** The network is unreachable (`ENETUNREACH`, `EHOSTUNREACH`). */
export class NetworkUnreachable extends named("NetworkUnreachable") {}
/** A file where a directory was expected (`ENOTDIR`). */
export class NotADirectory extends named("NotADirectory") {}
/** Deno's permissions forbid it: never thrown on Node, which has no permissions. */
export class NotCapable extends named("NotCapable") {}
