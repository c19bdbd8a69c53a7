# Reference copy of the tutorial's tcp_server.py, kept exactly as published
# (flaws included: a single recv(1024), send() instead of sendall(), a crash on
# bytes that are not UTF-8). It stands in for the original in the tests and in
# `deno task compare`. The one change: an optional port argument, so tests can
# run it on a free port:  python3 tcp/tcp_server.py [PORT]
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080

# 1. 创建 TCP Socket
# AF_INET = 使用 IPv4协议, SOCK_STREAM = 使用 TCP协议
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

# 2. 绑定 IP 和端口
# '0.0.0.0' 表示监听本机所有 IP 地址的请求
server.bind(('0.0.0.0', PORT))

# 3. 开启监听
server.listen(5) # 允许最多5个客户端排队等待连接
print("服务器已启动，等待客户端连接...")

# 4. 接受客户端连接 (这是一个阻塞操作)
# conn 是专门为此客户端服务的新 socket 对象
# addr 是客户端的 (IP, 端口)
conn, addr = server.accept()
print(f"与 {addr} 建立连接")

# 5. 循环收发数据
while True:
    try:
        # 接收客户端消息，1024是缓冲区大小(字节)
        data = conn.recv(1024)
        # 如果接收到空数据，表示客户端已断开
        if not data:
            break
        print(f"收到消息: {data.decode('utf-8')}")
        
        # 向客户端回显消息
        conn.send(data.upper()) # 将收到的消息转为大写后发回
    except ConnectionResetError:
        break # 客户端强制断开连接

# 6. 关闭连接
print(f"与 {addr} 的连接已断开")
conn.close()
server.close()
