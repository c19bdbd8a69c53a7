# Reference copy of the tutorial's file_sender.py, kept exactly as published
# (flaws included: send() instead of sendall() for the header, nothing that
# marks where the size ends, so the header and the first data bytes may reach
# the receiver in one recv()). It writes my_document.pdf in the current
# directory, sends it and removes it. It stands in for the original in the
# tests. The one change: an optional port argument, so tests can run it on a
# free port:  python3 filetransfer/file_sender.py [PORT]
import socket
import os
import sys

# --- 配置 ---
SERVER_HOST = '127.0.0.1'
SERVER_PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9001
BUFFER_SIZE = 4096 # 每次发送的块大小
FILENAME = "my_document.pdf" # 待发送的文件
# ----------------

# 1. 创建文件（用于测试）
with open(FILENAME, "w") as f:
    f.write("This is a test file for socket transmission.\n" * 1000)

# 2. 创建 TCP Socket 并连接服务器
s = socket.socket()
print(f"[+] 正在连接到 {SERVER_HOST}:{SERVER_PORT}")
s.connect((SERVER_HOST, SERVER_PORT))
print("[+] 连接成功。")

# 3. 发送文件名和文件大小（用特殊分隔符隔开）
filesize = os.path.getsize(FILENAME)
s.send(f"{FILENAME}<SEPARATOR>{filesize}".encode())

# 4. 以二进制读取模式打开文件，并循环发送
print(f"[+] 正在发送文件: {FILENAME}")
with open(FILENAME, "rb") as f:
    while True:
        # 读取文件块
        bytes_read = f.read(BUFFER_SIZE)
        if not bytes_read:
            # 文件传输完毕
            break
        # 发送读取到的文件块
        s.sendall(bytes_read)
print("[+] 文件发送完毕。")

# 5. 关闭连接
s.close()
# 清理测试文件
os.remove(FILENAME)
