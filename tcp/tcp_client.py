# Reference copy of the tutorial's tcp_client.py, kept exactly as published
# (flaws included: a single recv(1024) per reply, a traceback on end of input).
# It stands in for the original in the tests and in `deno task compare`. The
# one change: an optional port argument, so tests can run it against a server
# on a free port:  python3 tcp/tcp_client.py [PORT]
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080

# 1. 创建 TCP Socket
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

# 2. 连接服务器
client.connect(('127.0.0.1', PORT))
print("已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。")

# 3. 循环发送和接收消息
while True:
    msg = input(">> ").strip()
    if not msg:
        continue
    if msg == 'quit':
        break
    
    # 发送消息，必须编码为 bytes
    client.send(msg.encode('utf-8'))
    
    # 接收服务器返回的消息
    data = client.recv(1024)
    print(f"服务器响应: {data.decode('utf-8')}")

# 4. 关闭连接
client.close()
