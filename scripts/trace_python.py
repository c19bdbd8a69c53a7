"""Runs one of the Python originals unchanged, with --trace's lines on stderr.

    python3 scripts/trace_python.py filetransfer/file_receiver.py [ARGS...]

It replaces socket.socket with a subclass whose creation, bind, listen,
accept, connect, recv, send, sendall, recvfrom, sendto and close each print one
line once they return:

    [trace] OP N B T ms DETAIL

the same lines as the Deno port's --trace (lib/trace.ts, docs/wire.md): N the
bytes moved, T the milliseconds since start, DETAIL a preview of the bytes with
UTF-8 text as text (with "from/to HOST:PORT" for recvfrom/sendto), the family
and type for socket, the address for bind, the backlog for listen, the peer for
accept and connect. Then it runs the program with runpy as __main__, so its stdout, its
tracebacks and its exit code are the original's.
"""
import runpy
import socket
import sys
import time
import unicodedata

START = time.perf_counter()
PREVIEW_BYTES = 24
SEPARATOR = b"<SEPARATOR>"
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
# Characters shown as their bytes: controls, format characters, private use,
# line and paragraph separators.
UNPRINTED = {"Cc", "Cf", "Co", "Zl", "Zp"}
# Unicode's table 3-7: a lead byte's sequence length and its second byte's range.
UTF8_LEADS = (
    [(range(0xC2, 0xE0), 2, 0x80, 0xBF), (range(0xE0, 0xE1), 3, 0xA0, 0xBF)]
    + [(range(0xE1, 0xED), 3, 0x80, 0xBF), (range(0xED, 0xEE), 3, 0x80, 0x9F)]
    + [(range(0xEE, 0xF0), 3, 0x80, 0xBF), (range(0xF0, 0xF1), 4, 0x90, 0xBF)]
    + [(range(0xF1, 0xF4), 4, 0x80, 0xBF), (range(0xF4, 0xF5), 4, 0x80, 0x8F)]
)


def utf8_length(data, at):
    """The length of the well-formed UTF-8 sequence at `at`, or 0 (as lib/trace_line.ts)."""
    first = data[at]
    if first < 0x80:
        return 1
    for leads, length, low, high in UTF8_LEADS:
        if first in leads:
            if at + length > len(data) or not low <= data[at + 1] <= high:
                return 0
            if any(not 0x80 <= b <= 0xBF for b in data[at + 2 : at + length]):
                return 0
            return length
    return 0


def preview(data):
    """The first bytes, shown as lib/trace_line.ts previewBytes() shows them."""
    data = bytes(data)
    at = data.find(SEPARATOR, 0, 4096 + len(SEPARATOR))
    end = PREVIEW_BYTES if at == -1 else max(PREVIEW_BYTES, at + len(SEPARATOR) + 8)
    text, at = "", 0
    while at < len(data) and at < end:
        length = utf8_length(data, at)
        char = data[at : at + length].decode() if length else ""
        if char in ESCAPES:
            text += ESCAPES[char]
        elif not char or unicodedata.category(char) in UNPRINTED:
            text += f"\\x{data[at]:02x}"
            length = 1  # each of its bytes on its own
        else:
            text += char
        at += length
    return f'"{text}"' + ("…" if len(data) > at else "")


def address(addr):
    host, port = addr[0], addr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def trace(op, count, detail=""):
    ms = (time.perf_counter() - START) * 1000
    line = f"[trace] {op} {count} B {ms:.1f} ms"
    print(f"{line} {detail}" if detail else line, file=sys.stderr, flush=True)


class TracedSocket(socket.socket):
    """socket.socket, with a trace line after each operation that returns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # accept() makes its socket from a file descriptor: not a socket() call
        if kwargs.get("fileno", args[3] if len(args) > 3 else None) is None:
            trace("socket", 0, f"{self.family.name} {self.type.name}")

    def bind(self, addr):
        super().bind(addr)
        trace("bind", 0, address(addr))

    def listen(self, *backlog):
        super().listen(*backlog)
        trace("listen", 0, f"backlog {backlog[0]}" if backlog else "")

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


if __name__ == "__main__":
    socket.socket = TracedSocket
    if len(sys.argv) < 2:
        sys.exit("Usage: python3 scripts/trace_python.py PROGRAM.py [ARGS...]")
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
