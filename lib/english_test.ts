import { toEnglish } from "./english.ts";
import { assert, assertEquals } from "./_assert.ts";

Deno.test("toEnglish() translates every line the programs print, keeping what they fill in", () => {
  const table: [string, string][] = [
    ["服务器已启动，等待客户端连接...", "Server started, waiting for a client..."],
    ["与 ('::1', 80, 0, 0) 的连接已断开", "Disconnected from ('::1', 80, 0, 0)"],
    ["服务器响应: HELLO 的消息: {}", "Server replied: HELLO 的消息: {}"],
    ["收到来自 ('127.0.0.1', 9) 的消息: a 的消息: b", "Message from ('127.0.0.1', 9): a 的消息: b"],
    ["收到来自 ('127.0.0.1', 9) 的消息: ", "Message from ('127.0.0.1', 9): "],
    ["[+] ('127.0.0.1', 9) 已连接。", "[+] ('127.0.0.1', 9) connected."],
    ["[*] 正在监听 0.0.0.0:9001", "[*] Listening on 0.0.0.0:9001"],
    ["[+] 文件接收完毕。", "[+] File received."],
  ];
  for (const [chinese, english] of table) assertEquals(toEnglish(chinese), english);
});

Deno.test("toEnglish() leaves a line alone unless it fits a template whole", () => {
  assertEquals(toEnglish("[+] 连接成功。!"), "[+] 连接成功。!");
  assertEquals(toEnglish("与 x 建立"), "与 x 建立");
  assertEquals(toEnglish(""), "");
});

Deno.test("toEnglish() knows every line the scripts print", async () => {
  for (
    const script of [
      "tcp/tcp_server.ts",
      "tcp/tcp_client.ts",
      "udp/udp_server.ts",
      "udp/udp_client.ts",
      "filetransfer/file_sender.ts",
      "filetransfer/file_receiver.ts",
    ]
  ) {
    const source = await Deno.readTextFile(new URL(`../${script}`, import.meta.url));
    for (const [, printed] of source.matchAll(/print\([`"]([^`"]*)[`"]\)/g)) {
      const line = printed!.replace(/\$\{[^}]*\}/g, "X");
      assert(toEnglish(line) !== line, `${script} prints a line with no English: ${line}`);
    }
  }
});

Deno.test("toEnglish() reads a file name as data: the receiving line is not taken for the connect line", () => {
  // "[+] {} 已连接。" fits too, with "正在接收文件: a" as its address
  assertEquals(toEnglish("[+] 正在接收文件: a 已连接。"), "[+] Receiving file: a 已连接。");
  assertEquals(toEnglish("[+] 正在接收文件: received_b.txt"), "[+] Receiving file: received_b.txt");
  assertEquals(toEnglish("[+] ('127.0.0.1', 9) 已连接。"), "[+] ('127.0.0.1', 9) connected.");
  assertEquals(toEnglish("[+] 正在发送文件: x 已连接。"), "[+] Sending file: x 已连接。");
});
