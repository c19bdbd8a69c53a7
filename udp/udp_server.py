# Reference copy of the tutorial's udp_server.py, kept exactly as published
# (flaws included: recvfrom(1024) silently cuts a longer datagram, a crash on
# bytes that are not UTF-8, a KeyboardInterrupt traceback on Ctrl+C). It stands
# in for the original in the tests. The one change: an optional port argument,
# so tests can run it on a free port:  python3 udp/udp_server.py [PORT]
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8888

# 1. 创建 UDP Socket
# 注意 type 是 SOCK_DGRAM
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# 2. 绑定 IP 和端口
server.bind(('0.0.0.0', PORT))
print("UDP 服务器已启动，等待消息...")

# 3. 循环接收和发送数据 (UDP不需要 listen 和 accept)
while True:
    # 接收数据，同时获取客户端的地址
    data, client_addr = server.recvfrom(1024)
    print(f"收到来自 {client_addr} 的消息: {data.decode('utf-8')}")
    
    # 将收到的数据转为大写，然后发送回原地址
    server.sendto(data.upper(), client_addr)
