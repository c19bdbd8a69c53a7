/**
 * `Deno.errors` for Node: the classes the programs tell apart, with Deno's
 * names. `node_errors.node.ts` maps Node's error codes onto them (`EADDRINUSE`
 * to `AddrInUse`, ...); any other system error stays a plain `Error` with the
 * system's text, as on Deno. `NotCapable` (Deno's permissions) never arises on
 * Node; `BadResource` is also what using a closed socket or file throws.
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

export class NotFound extends named("NotFound") {}
export class PermissionDenied extends named("PermissionDenied") {}
export class ConnectionRefused extends named("ConnectionRefused") {}
export class ConnectionReset extends named("ConnectionReset") {}
export class ConnectionAborted extends named("ConnectionAborted") {}
export class AddrInUse extends named("AddrInUse") {}
export class AddrNotAvailable extends named("AddrNotAvailable") {}
export class BrokenPipe extends named("BrokenPipe") {}
export class AlreadyExists extends named("AlreadyExists") {}
export class TimedOut extends named("TimedOut") {}
export class Interrupted extends named("Interrupted") {}
export class BadResource extends named("BadResource") {}
export class IsADirectory extends named("IsADirectory") {}
export class NetworkUnreachable extends named("NetworkUnreachable") {}
export class NotADirectory extends named("NotADirectory") {}
export class FilesystemLoop extends named("FilesystemLoop") {}
export class NotCapable extends named("NotCapable") {}
