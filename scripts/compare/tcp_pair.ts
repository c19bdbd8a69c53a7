/**
 * The TCP chat pair in the comparison.
 *
 * @module
 */
import { freeTcpPort } from "../_harness/net.ts";
import { playTcpChat, TCP_CHAT } from "../_harness/sessions.ts";
import type { Pair, RunOptions, Session } from "./pair.ts";
import { programOf, type Side, startProgram } from "./sides.ts";
import { sessionOf } from "./transcript.ts";

const SERVER = programOf("tcp_server");
const CLIENT = programOf("tcp_client");

async function run(server: Side, client: Side, { trace }: RunOptions = {}): Promise<Session> {
  const port = freeTcpPort();
  await using serverProcess = startProgram(server, SERVER, { port, trace });
  await serverProcess.waitForStdout(TCP_CHAT.ready);
  await using clientProcess = startProgram(client, CLIENT, { port, trace });
  const played = await playTcpChat(serverProcess, clientProcess);
  const [serverOutcome, clientOutcome] = [played.server, played.client];
  return sessionOf([server, client], serverOutcome, clientOutcome, {
    serverOk: serverOutcome.code === 0 && TCP_CHAT.serverReceivedAll(serverOutcome.stdout),
    clientOk: clientOutcome.code === 0 && TCP_CHAT.clientRepliesRight(clientOutcome.stdout),
  });
}

/** The TCP chat pair: tcp_server and tcp_client. */
export const TCP_PAIR: Pair = {
  id: "tcp",
  title: "TCP chat: tcp_server / tcp_client (port 8080)",
  server: SERVER,
  client: CLIENT,
  input: TCP_CHAT.description,
  originalFlaw: "the original client's single recv(1024) cuts the 1,101-byte reply",
  known: {
    server: [
      // The original prints the 1,101-byte message as two reads; the port as one.
      {
        phrase: "`recv(1024)`: a long message",
        original: /^收到消息: a+!?$/,
        port: /^收到消息: a+!$/,
      },
    ],
    client: [
      // The original's reply is cut at 1024 bytes.
      {
        phrase: "one `recv(1024)` per reply",
        original: /^服务器响应: A+$/,
        port: /^服务器响应: A+!$/,
      },
    ],
  },
  run,
};
