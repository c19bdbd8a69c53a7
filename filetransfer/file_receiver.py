# Reference copy of the tutorial's file_receiver.py, kept exactly as published
# (flaws included: the header is read with a single recv(4096), so a header
# that arrives together with data crashes it or corrupts the file; a transfer
# cut short leaves a short file that looks complete; the last recv() may write
# bytes beyond the declared size). It writes received_NAME in the current
# directory. It stands in for the original in the tests. The one change: an
# optional port argument, so tests can run it on a free port:
#   python3 filetransfer/file_receiver.py [PORT]
import socket
import os
import sys

# --- 配置 ---
SERVER_HOST = '0.0.0.0' # 监听所有接口
SERVER_PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9001
BUFFER_SIZE = 4096
# ----------------

# 1. 创建并绑定监听 Socket
s = socket.socket()
s.bind((SERVER_HOST, SERVER_PORT))
s.listen(5)
print(f"[*] 正在监听 {SERVER_HOST}:{SERVER_PORT}")

# 2. 接受连接
client_socket, address = s.accept() 
print(f"[+] {address} 已连接。")

# 3. 接收文件名和大小
received = client_socket.recv(BUFFER_SIZE).decode()
filename, filesize = received.split("<SEPARATOR>")
filename = os.path.basename(filename) # 移除路径，只保留文件名
filesize = int(filesize)

# 4. 以二进制写入模式打开文件，并循环接收数据
print(f"[+] 正在接收文件: {filename}")
with open(f"received_{filename}", "wb") as f:
    bytes_received = 0
    while bytes_received < filesize:
        # 从客户端接收数据块
        bytes_read = client_socket.recv(BUFFER_SIZE)
        if not bytes_read:
            break
        # 将数据块写入文件
        f.write(bytes_read)
        bytes_received += len(bytes_read)
print("[+] 文件接收完毕。")

# 5. 关闭连接
client_socket.close()
s.close()
