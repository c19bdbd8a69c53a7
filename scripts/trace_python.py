"""Runs one of the Python originals unchanged, with --trace's lines on stderr.

    python3 scripts/trace_python.py filetransfer/file_receiver.py [ARGS...]

It replaces socket.socket with a subclass whose accept, connect, recv, send,
sendall, recvfrom, sendto and close each print one line once they return:

    [trace] OP N B T ms DETAIL

the same lines as the Deno port's --trace (lib/trace.ts, docs/wire.md): N the
bytes moved, T the milliseconds since start, DETAIL an escaped preview of the
bytes (with "from/to HOST:PORT" for recvfrom/sendto), the peer for accept and
connect. Then it runs the program with runpy as __main__, so its stdout, its
tracebacks and its exit code are the original's.
"""
import runpy
import socket
import sys
import time

START = time.perf_counter()
PREVIEW_BYTES = 24
SEPARATOR = b"<SEPARATOR>"
ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x5C: "\\\\"}


def preview(data):
    """The first bytes, escaped as lib/trace.ts previewBytes() does."""
    data = bytes(data)
    at = data.find(SEPARATOR, 0, 4096 + len(SEPARATOR))
    end = PREVIEW_BYTES if at == -1 else max(PREVIEW_BYTES, at + len(SEPARATOR) + 8)
    text = "".join(
        ESCAPES.get(b, chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}") for b in data[:end]
    )
    return f'"{text}"' + ("…" if len(data) > end else "")


def address(addr):
    host, port = addr[0], addr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def trace(op, count, detail=""):
    ms = (time.perf_counter() - START) * 1000
    line = f"[trace] {op} {count} B {ms:.1f} ms"
    print(f"{line} {detail}" if detail else line, file=sys.stderr, flush=True)


class TracedSocket(socket.socket):
    """socket.socket, with a trace line after each operation that returns."""

    def accept(self):
        conn, addr = super().accept()  # socket.accept() builds a TracedSocket too
        trace("accept", 0, address(addr))
        return conn, addr

    def connect(self, addr):
        super().connect(addr)
        trace("connect", 0, address(addr))

    def recv(self, bufsize, *flags):
        data = super().recv(bufsize, *flags)
        trace("recv", len(data), preview(data))
        return data

    def send(self, data, *flags):
        count = super().send(data, *flags)
        trace("send", count, preview(data[:count]))
        return count

    def sendall(self, data, *flags):
        super().sendall(data, *flags)
        trace("sendall", len(data), preview(data))

    def recvfrom(self, bufsize, *flags):
        data, addr = super().recvfrom(bufsize, *flags)
        trace("recvfrom", len(data), f"{preview(data)} from {address(addr)}")
        return data, addr

    def sendto(self, data, *args):
        count = super().sendto(data, *args)
        trace("sendto", count, f"{preview(data[:count])} to {address(args[-1])}")
        return count

    def close(self):
        was_open = self.fileno() != -1
        super().close()
        if was_open:
            trace("close", 0)


socket.socket = TracedSocket
if len(sys.argv) < 2:
    sys.exit("Usage: python3 scripts/trace_python.py PROGRAM.py [ARGS...]")
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
