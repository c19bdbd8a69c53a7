/*
 * The floor of the file row: the tutorial's sender and receiver written in C,
 * doing the same work as the ports and nothing else. The same header
 * (NAME<SEPARATOR>SIZE, then the bytes, then the end of the connection), one
 * 1 MiB buffer at each end, SHA-256 of every byte at both ends (OpenSSL's
 * libcrypto, as fast as this CPU hashes), the file written as it arrives.
 * Built by scripts/bench/native.ts (`cc -O2 file_pair.c -lcrypto`); never
 * shipped.
 *
 *   file_pair receive PORT DIR    accept one sender on 127.0.0.1:PORT, write
 *                                 DIR/received_NAME, print its SHA-256 on stderr
 *   file_pair send PORT PATH      send PATH to 127.0.0.1:PORT, print its SHA-256
 *
 * The receiver takes the longest run of digits after <SEPARATOR> as SIZE: the
 * benchmark's files start with a zero byte, so that is the size. (The ports
 * settle the general case, data that begins with digits, in lib/file_header.ts.)
 * Lines on stdout are the original's, which the benchmark times by.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFFER_SIZE (1024 * 1024)
static const char SEPARATOR[] = "<SEPARATOR>";

static void die(const char *what) {
  fprintf(stderr, "file_pair: cannot %s: %s\n", what, errno ? strerror(errno) : "bad input");
  exit(1);
}

static void write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) die("write");
    p += w;
    n -= (size_t)w;
  }
}

static void print(const char *line) {
  write_all(1, (const unsigned char *)line, strlen(line));
}

static void print_digest(EVP_MD_CTX *hash, const char *name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length;
  EVP_DigestFinal_ex(hash, digest, &length);
  fprintf(stderr, "[=] SHA-256 ");
  for (unsigned int i = 0; i < length; i++) fprintf(stderr, "%02x", digest[i]);
  fprintf(stderr, "  %s\n", name);
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int receive(int port, const char *dir) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(port);
  if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 5) != 0) die("listen");
  char line[4096];
  snprintf(line, sizeof line, "[*] 正在监听 127.0.0.1:%d\n", port);
  print(line);
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  int c = accept(s, (struct sockaddr *)&peer, &len);
  if (c < 0) die("accept");
  snprintf(line, sizeof line, "[+] ('%s', %d) 已连接。\n", inet_ntoa(peer.sin_addr),
           ntohs(peer.sin_port));
  print(line);
  /* 3. the header: NAME<SEPARATOR>, then digits up to the first other byte */
  static unsigned char buf[BUFFER_SIZE];
  size_t have = 0, start = 0;
  char *sep = NULL;
  for (;;) {
    ssize_t n = read(c, buf + have, sizeof buf - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die("read the header");
    have += (size_t)n;
    sep = memmem(buf, have, SEPARATOR, sizeof SEPARATOR - 1);
    if (!sep) continue;
    start = (size_t)((unsigned char *)sep - buf) + sizeof SEPARATOR - 1;
    while (start < have && buf[start] >= '0' && buf[start] <= '9') start++;
    if (start < have) break;
  }
  *sep = 0;
  const char *digits = sep + sizeof SEPARATOR - 1;
  long long size = 0;
  for (const char *d = digits; d < (char *)buf + start; d++) size = size * 10 + (*d - '0');
  char name[256];
  const char *base = strrchr((char *)buf, '/') ? strrchr((char *)buf, '/') + 1 : (char *)buf;
  snprintf(name, sizeof name, "%.255s", base); /* buf holds data from the next read on */
  snprintf(line, sizeof line, "[+] 正在接收文件: %.255s\n", name);
  print(line);
  char path[8192];
  snprintf(path, sizeof path, "%.4000s/received_%.255s", dir, name);
  int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (f < 0) die("create the file");
  /* 4. the data, written and hashed as it arrives */
  EVP_MD_CTX *hash = EVP_MD_CTX_new();
  EVP_DigestInit_ex(hash, EVP_sha256(), NULL);
  long long written = (long long)(have - start);
  EVP_DigestUpdate(hash, buf + start, have - start);
  write_all(f, buf + start, have - start);
  for (;;) {
    ssize_t n = read(c, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die("receive");
    if (n == 0) break;
    EVP_DigestUpdate(hash, buf, (size_t)n);
    write_all(f, buf, (size_t)n);
    written += n;
  }
  if (written != size) {
    fprintf(stderr, "file_pair: received %lld of %lld bytes\n", written, size);
    return 1;
  }
  if (close(f) != 0) die("close the file");
  print("[+] 文件接收完毕。\n");
  print_digest(hash, name);
  return 0;
}

static int send_file(int port, const char *path) {
  int f = open(path, O_RDONLY);
  struct stat info;
  if (f < 0 || fstat(f, &info) != 0) die("open the file");
  const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = loopback(port);
  char line[4096];
  snprintf(line, sizeof line, "[+] 正在连接到 127.0.0.1:%d\n", port);
  print(line);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  print("[+] 连接成功。\n");
  int n = snprintf(line, sizeof line, "%s%s%lld", name, SEPARATOR, (long long)info.st_size);
  write_all(s, (unsigned char *)line, (size_t)n);
  snprintf(line, sizeof line, "[+] 正在发送文件: %s\n", name);
  print(line);
  static unsigned char buf[BUFFER_SIZE];
  EVP_MD_CTX *hash = EVP_MD_CTX_new();
  EVP_DigestInit_ex(hash, EVP_sha256(), NULL);
  for (;;) {
    ssize_t r = read(f, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) die("read the file");
    if (r == 0) break;
    EVP_DigestUpdate(hash, buf, (size_t)r);
    write_all(s, buf, (size_t)r);
  }
  print("[+] 文件发送完毕。\n");
  print_digest(hash, name);
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc == 4 && strcmp(argv[1], "receive") == 0) return receive(atoi(argv[2]), argv[3]);
  if (argc == 4 && strcmp(argv[1], "send") == 0) return send_file(atoi(argv[2]), argv[3]);
  fprintf(stderr, "usage: file_pair receive PORT DIR | file_pair send PORT PATH\n");
  return 2;
}
