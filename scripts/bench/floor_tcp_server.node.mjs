/**
 * The bare Node floor of the TCP echo rows: the tutorial's `tcp_server.py`
 * written with nothing but Node's own `net`, doing the same work per message
 * as the port (read, print the line, upper-case, send back) and nothing else.
 * What the npm build and the single executable cost above this is what the
 * port's code and its Deno layer cost. Never shipped; the benchmark starts it:
 *
 * ```sh
 * node scripts/bench/floor_tcp_server.node.mjs PORT
 * ```
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { writeSync, writevSync } from "node:fs";
import { createServer } from "node:net";
import process from "node:process";

const print = (text) => writeSync(1, `${text}\n`);
const prefix = Buffer.from("收到消息: ");
const newline = Buffer.from("\n");

// 1-3. socket() + bind() + listen(); 4. accept() one client
const server = createServer({ noDelay: true }, (conn) => {
  server.close();
  const client = `('${conn.remoteAddress}', ${conn.remotePort})`;
  print(`与 ${client} 建立连接`);
  // 5. recv()/send() loop; the line is printed as the bytes came (the driver sends UTF-8)
  conn.on("data", (data) => {
    writevSync(1, [prefix, data, newline]);
    for (let i = 0; i < data.length; i++) if (data[i] >= 0x61 && data[i] <= 0x7a) data[i] ^= 0x20;
    conn.write(data);
  });
  // 6. close()
  conn.on("end", () => {
    print(`与 ${client} 的连接已断开`);
    conn.end();
  });
});
server.listen(Number(process.argv[2]), "127.0.0.1", () => print("服务器已启动，等待客户端连接..."));
