# Reference copy of the tutorial's udp_client.py, kept exactly as published
# (flaws included: recvfrom(1024) cuts a longer reply, it waits forever for a
# reply that was lost, takes a datagram from anyone as the reply, and ends with
# an EOFError traceback at the end of input). It stands in for the original in
# the tests. The one change: an optional port argument, so tests can run it
# against a server on a free port:  python3 udp/udp_client.py [PORT]
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8888

# 1. 创建 UDP Socket
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# 2. 定义服务器地址
server_addr = ('127.0.0.1', PORT)

# 3. 循环发送数据 (UDP 不需要 connect)
while True:
    msg = input(">> ").strip()
    if msg == 'quit':
        break
    
    # 直接向服务器地址发送数据
    client.sendto(msg.encode('utf-8'), server_addr)
    
    # 接收回显数据
    data, addr = client.recvfrom(1024)
    print(f"服务器回显: {data.decode('utf-8')}")

client.close()
