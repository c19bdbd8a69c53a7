/**
 * The bare Deno floor of the TCP echo rows: the tutorial's `tcp_server.py`
 * written with nothing but the runtime, doing the same work per message as
 * the port (read, print the line, upper-case, send all of it back) and
 * nothing else: no flags, no tracing, no timers, no checks. What the port
 * costs above this is what its own code costs. Never shipped; the benchmark
 * starts it:
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 scripts/bench/floor_tcp_server.deno.ts PORT
 * ```
 *
 * @module
 */
const encoder = new TextEncoder();
const print = (text: string) => Deno.stdout.writeSync(encoder.encode(`${text}\n`));

// 1-3. socket() + bind() + listen()
const listener = Deno.listen({ hostname: "127.0.0.1", port: Number(Deno.args[0]) });
print("服务器已启动，等待客户端连接...");
// 4. accept()
const conn = await listener.accept();
conn.setNoDelay(true);
const { hostname, port } = conn.remoteAddr as Deno.NetAddr;
print(`与 ('${hostname}', ${port}) 建立连接`);
// 5. recv()/send() loop; the line is printed as the bytes came (the driver sends UTF-8)
const prefix = encoder.encode("收到消息: ");
const data = new Uint8Array(64 * 1024);
const line = new Uint8Array(prefix.length + data.length + 1);
line.set(prefix);
for (let n = await conn.read(data); n !== null; n = await conn.read(data)) {
  line.set(data.subarray(0, n), prefix.length);
  line[prefix.length + n] = 0x0a;
  Deno.stdout.writeSync(line.subarray(0, prefix.length + n + 1));
  for (let i = 0; i < n; i++) if (data[i]! >= 0x61 && data[i]! <= 0x7a) data[i]! ^= 0x20;
  for (let sent = 0; sent < n;) sent += await conn.write(data.subarray(sent, n));
}
// 6. close()
print(`与 ('${hostname}', ${port}) 的连接已断开`);
conn.close();
listener.close();
