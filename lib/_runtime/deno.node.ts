/**
 * The `Deno` namespace on Node: the part of it the scripts and `lib/` use,
 * gathered from the modules beside this one. `lib/_runtime.node.ts` exports
 * it as `Deno`.
 *
 * @module
 */
export {
  addSignalListener,
  args,
  build,
  consoleSize,
  cwd,
  env,
  execPath,
  exit,
  noColor,
  pid,
  removeSignalListener,
  type Signal,
  stderr,
  type Stdin,
  stdin,
  type Stdout,
  stdout,
} from "./process.node.ts";
export {
  type Addr,
  type Conn,
  type Conn as TcpConn,
  connect,
  type ConnectOptions,
  listen,
  type Listener,
  type Listener as TcpListener,
  type ListenOptions,
  type NetAddr,
  type UnixAddr,
} from "./net.node.ts";
export { type DatagramConn, listenDatagram, type UdpListenOptions } from "./datagram.node.ts";
export {
  chmod,
  copyFile,
  create,
  type DirEntry,
  type FileInfo,
  type FsFile,
  link,
  lstat,
  makeTempDir,
  makeTempFile,
  type MakeTempOptions,
  mkdir,
  open,
  type OpenOptions,
  readDir,
  readFile,
  readTextFile,
  realPath,
  remove,
  removeSync,
  rename,
  SeekMode,
  stat,
  statSync,
  writeFile,
  type WriteFileOptions,
  writeTextFile,
} from "./fs.node.ts";
export * as errors from "./errors.node.ts";
