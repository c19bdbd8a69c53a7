/**
 * The shared helpers behind socket-primer's six programs, in socketserver's
 * split: a program keeps the tutorial's steps and its handler, and this
 * library holds the server policy (one client or many, limits, timeouts,
 * signals), the framing, exact reads and writes, Python-compatible text and
 * addresses, flags, and one-line errors, each fixing something the original
 * gets wrong. The same exports are the npm package's library.
 *
 * @example Echo the way the TCP server does
 * ```ts
 * import { asciiUpper, decodeUtf8, formatPythonAddress } from "./mod.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const data = new TextEncoder().encode("hello");
 * assertEquals(decodeUtf8(asciiUpper(data)), "HELLO");
 * assertEquals(formatPythonAddress({ hostname: "127.0.0.1", port: 5000 }), "('127.0.0.1', 5000)");
 * ```
 *
 * @module
 */
export * from "./accept_each.ts";
export * from "./ascii_upper.ts";
export * from "./byte_reader.ts";
export * from "./cli_error.ts";
export * from "./cli_flags.ts";
export * from "./concat_bytes.ts";
export * from "./connection_pool.ts";
export * from "./count_flag.ts";
export * from "./datagram_server.ts";
export * from "./datagrams.ts";
export * from "./echo_connection.ts";
export * from "./english.ts";
export * from "./file_errors.ts";
export * from "./file_header.ts";
export * from "./file_receipt.ts";
export * from "./file_to_send.ts";
export * from "./format_transfer.ts";
export * from "./host_port.ts";
export * from "./idle_timeout.ts";
export * from "./ip_address.ts";
export * from "./keep_open_flags.ts";
export * from "./line_input.ts";
export * from "./listen_tcp.ts";
export * from "./part_file.ts";
export * from "./pause_flag.ts";
export * from "./print.ts";
export * from "./progress_bar.ts";
export * from "./python_address.ts";
export * from "./python_strip.ts";
export * from "./read_full.ts";
export * from "./receive_file.ts";
export * from "./receive_flags.ts";
export * from "./receive_chunks.ts";
export * from "./remove_on_signal.ts";
export * from "./reply_receiver.ts";
export * from "./rewrite_file_start.ts";
export * from "./run_main.ts";
export * from "./safe_file_name.ts";
export * from "./serve_clients.ts";
export * from "./seconds_flag.ts";
export * from "./sha256.ts";
export * from "./shutdown.ts";
export * from "./size_flag.ts";
export * from "./socket_errors.ts";
export * from "./stop_signals.ts";
export * from "./timeout.ts";
export * from "./trace.ts";
export * from "./trace_line.ts";
export * from "./udp_echo_client.ts";
export * from "./utf8_stream_decoder.ts";
export * from "./write_all.ts";
