/**
 * The scripts' printed lines in English, for `--lang en`.
 *
 * @module
 */

/**
 * Every line the six programs print, as the Chinese original has it and in
 * English; `{}` stands for what the program fills in (an address, a message,
 * a file name), which is never translated.
 */
const ENGLISH_LINES: readonly (readonly [string, string])[] = [
  ["服务器已启动，等待客户端连接...", "Server started, waiting for a client..."],
  ["与 {} 建立连接", "Connected to {}"],
  ["收到消息: {}", "Received: {}"],
  ["与 {} 的连接已断开", "Disconnected from {}"],
  [
    "已连接到服务器！可以开始发送消息了 (输入 'quit' 退出)。",
    "Connected to the server! Type a message to send ('quit' to leave).",
  ],
  ["服务器响应: {}", "Server replied: {}"],
  ["UDP 服务器已启动，等待消息...", "UDP server started, waiting for messages..."],
  ["收到来自 {} 的消息: {}", "Message from {}: {}"],
  ["UDP 服务器已关闭", "UDP server stopped"],
  ["服务器回显: {}", "Server echoed: {}"],
  ["[+] 正在连接到 {}", "[+] Connecting to {}"],
  ["[+] 连接成功。", "[+] Connected."],
  ["[+] 正在发送文件: {}", "[+] Sending file: {}"],
  ["[+] 文件发送完毕。", "[+] File sent."],
  ["[*] 正在监听 {}", "[*] Listening on {}"],
  ["[+] {} 已连接。", "[+] {} connected."],
  ["[+] 正在接收文件: {}", "[+] Receiving file: {}"],
  ["[+] 文件接收完毕。", "[+] File received."],
];

/**
 * Translates one printed line into English by the table above, keeping what
 * the program filled in; a line the table does not know stays as it is. A
 * template matches the whole line; where more than one does (a file name
 * that ends in "已连接。" also fits the connect line), the one with the most
 * fixed text wins, so what the program filled in is never read as template.
 *
 * @example The server's lines
 * ```ts
 * import { toEnglish } from "./english.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(toEnglish("与 ('127.0.0.1', 5000) 建立连接"), "Connected to ('127.0.0.1', 5000)");
 * assertEquals(toEnglish("收到消息: 你好 与 {}"), "Received: 你好 与 {}");
 * assertEquals(toEnglish("anything else"), "anything else");
 * ```
 *
 * @param line A line as the Chinese original prints it.
 * @returns The English line.
 */
export function toEnglish(line: string): string {
  let best: { english: string; values: string[]; fixed: number } | undefined;
  for (const [chinese, english] of ENGLISH_LINES) {
    const values = fill(chinese, line);
    const fixed = chinese.length - 2 * (values?.length ?? 0);
    if (values !== undefined && (best === undefined || fixed > best.fixed)) {
      best = { english, values, fixed };
    }
  }
  if (best === undefined) return line;
  const { english, values } = best;
  let index = 0;
  return english.replace(/\{\}/g, () => values[index++]!);
}

/**
 * What `line` puts in each `{}` of `template`, or `undefined` if it does not
 * fit. Only the last slot may hold free text (a message); the earlier ones
 * hold addresses, so each ends at the first place the next literal appears.
 */
function fill(template: string, line: string): string[] | undefined {
  const literals = template.split("{}");
  if (!line.startsWith(literals[0]!)) return undefined;
  if (literals.length === 1) return line === template ? [] : undefined;
  const values: string[] = [];
  let at = literals[0]!.length;
  for (const literal of literals.slice(1, -1)) {
    const next = line.indexOf(literal, at);
    if (next === -1) return undefined;
    values.push(line.slice(at, next));
    at = next + literal.length;
  }
  const last = literals.at(-1)!;
  if (!line.endsWith(last) || line.length - last.length < at) return undefined;
  values.push(line.slice(at, line.length - last.length));
  return values;
}
