/*
 * The benchmark's native driver and references, built by scripts/bench/native.ts
 * with the machine's `cc`. The load never comes from the runtime under test.
 *
 *   driver tcp-echo PORT SIZE MAX_TRIPS MAX_MS WARM_MS [--same] [--pid PID]
 *       one connection (TCP_NODELAY); send SIZE bytes, read SIZE bytes back,
 *       check them (upper-cased, or unchanged with --same), repeat; prints one
 *       JSON line: round trips, seconds, rate, p50/p99 in microseconds, the
 *       driver's own CPU use, and with --pid the CPU time the server PID
 *       spent per round trip (from /proc, over the measured window only).
 *   driver udp-echo PORT SIZE MAX_TRIPS MAX_MS WARM_MS [--same]
 *       the same with one datagram at a time (a lost one is counted and sent again).
 *   driver tcp-server PORT / driver udp-server PORT
 *       the C references: the tutorial's servers written in C, doing the same
 *       work per message as the ports (print the line, upper-case, send).
 *   driver run OUT ERR STATUS [--stamp TEXT] -- CMD ARGS...
 *       runs CMD with stdout in OUT and stderr in ERR, writes its pid to
 *       STATUS.pid, forwards SIGTERM and
 *       SIGINT, and writes "PEAK_RSS_KIB EXIT_CODE SECONDS CPU_SECONDS" to
 *       STATUS, from wait4(). With --stamp, the output goes through a pipe and
 *       SECONDS is the time from the first TEXT in it to the exit (else -1).
 *   driver startup TEXT -- CMD ARGS...
 *       microseconds from fork() to TEXT on CMD's stdout; then kills CMD.
 *   driver exit -- CMD ARGS...
 *       microseconds from fork() to CMD's exit, and its exit code.
 *
 * Every wait is bounded; children die with the driver (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IO_TIMEOUT_S 10
#define CHILD_TIMEOUT_S 300

static void die(const char *what) {
  fprintf(stderr, "driver: cannot %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
         u.ru_stime.tv_usec / 1e6;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static void set_timeout(int fd, int seconds) {
  struct timeval tv = {seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
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

static void upper(unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] >= 'a' && p[i] <= 'z') p[i] ^= 0x20;
}

/* A printable, lower-case message: the servers print it and upper-case it. */
static unsigned char *message(size_t size) {
  static const char words[] = "the quick brown fox jumps over the lazy dog ";
  unsigned char *m = malloc(size);
  for (size_t i = 0; i < size; i++) m[i] = (unsigned char)words[i % (sizeof words - 1)];
  return m;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

struct load {
  int port;
  size_t size;
  long max_trips;
  double max_s, warm_s;
  int same, pid;
};

/* CPU seconds (user + system) a process has used so far, from /proc/PID/stat; -1 if unknown. */
static double process_cpu(int pid) {
  if (pid <= 0) return -1;
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  unsigned long utime, stime;
  /* after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
  if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return -1;
  return (double)(utime + stime) / sysconf(_SC_CLK_TCK);
}

static struct load parse_load(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "driver: usage: %s PORT SIZE MAX_TRIPS MAX_MS WARM_MS [--same]\n", argv[1]);
    exit(2);
  }
  struct load l = {atoi(argv[2]), (size_t)atol(argv[3]), atol(argv[4]), atof(argv[5]) / 1000,
                   atof(argv[6]) / 1000, 0, 0};
  for (int i = 7; i < argc; i++) {
    if (strcmp(argv[i], "--same") == 0) l.same = 1;
    if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc) l.pid = atoi(argv[++i]);
  }
  if (l.size == 0 || l.size > 65507 || l.max_trips <= 0) {
    fprintf(stderr, "driver: bad SIZE or MAX_TRIPS\n");
    exit(2);
  }
  return l;
}

static void report(double *rtt, long n, double seconds, double cpu, long lost, double server_cpu) {
  qsort(rtt, (size_t)n, sizeof *rtt, compare_doubles);
  double p50 = n ? rtt[n / 2] : 0, p99 = n ? rtt[(long)(n * 0.99) < n ? (long)(n * 0.99) : n - 1] : 0;
  printf("{\"trips\":%ld,\"seconds\":%.6f,\"rate\":%.3f,\"p50_us\":%.2f,\"p99_us\":%.2f,"
         "\"driver_cpu\":%.4f,\"lost\":%ld,\"server_cpu_us\":%.3f}\n",
         n, seconds, seconds > 0 ? n / seconds : 0, p50 * 1e6, p99 * 1e6,
         seconds > 0 ? cpu / seconds : 0, lost, server_cpu >= 0 && n > 0 ? server_cpu / n * 1e6 : -1);
}

/* Round trips of one message on one connection, checked byte for byte. */
static int tcp_echo(int argc, char **argv) {
  struct load l = parse_load(argc, argv);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(l.port);
  double deadline = now() + 5;
  while (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    if (errno != ECONNREFUSED || now() > deadline) die("connect");
    close(fd);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    usleep(2000);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  set_timeout(fd, IO_TIMEOUT_S);
  unsigned char *msg = message(l.size), *want = message(l.size), *got = malloc(l.size);
  if (!l.same) upper(want, l.size);
  double *rtt = malloc(sizeof(double) * (size_t)l.max_trips);
  long n = 0;
  double start = now(), measured = 0, cpu0 = 0, server0 = -1;
  int warming = l.warm_s > 0;
  if (!warming) cpu0 = cpu_seconds(), server0 = process_cpu(l.pid);
  while (n < l.max_trips) {
    double t0 = now();
    if (warming && t0 - start >= l.warm_s) {
      warming = 0;
      start = t0;
      cpu0 = cpu_seconds();
      server0 = process_cpu(l.pid);
    }
    if (!warming && t0 - start >= l.max_s) break;
    write_all(fd, msg, l.size);
    size_t have = 0;
    while (have < l.size) {
      ssize_t r = read(fd, got + have, l.size - have);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) die("read the echo");
      if (r == 0) {
        fprintf(stderr, "driver: the server closed after %zu of %zu bytes\n", have, l.size);
        return 1;
      }
      have += (size_t)r;
    }
    double t1 = now();
    if (memcmp(got, want, l.size) != 0) {
      fprintf(stderr, "driver: wrong echo\n");
      return 1;
    }
    if (!warming) rtt[n++] = t1 - t0;
    measured = t1 - start;
  }
  double server1 = process_cpu(l.pid);
  report(rtt, n, measured, cpu_seconds() - cpu0, 0, server0 >= 0 && server1 >= 0 ? server1 - server0 : -1);
  close(fd);
  return 0;
}

/* Round trips of one datagram at a time; a lost one is counted and sent again. */
static int udp_echo(int argc, char **argv) {
  struct load l = parse_load(argc, argv);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = loopback(l.port);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  struct timeval tv = {0, 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  unsigned char *msg = message(l.size), *want = message(l.size), *got = malloc(65536);
  if (!l.same) upper(want, l.size);
  double *rtt = malloc(sizeof(double) * (size_t)l.max_trips);
  long n = 0, lost = 0;
  double start = now(), measured = 0, cpu0 = 0, server0 = -1;
  int warming = l.warm_s > 0;
  if (!warming) cpu0 = cpu_seconds(), server0 = process_cpu(l.pid);
  while (n < l.max_trips && lost < 50) {
    double t0 = now();
    if (warming && t0 - start >= l.warm_s) {
      warming = 0;
      start = t0;
      cpu0 = cpu_seconds();
      server0 = process_cpu(l.pid);
    }
    if (!warming && t0 - start >= l.max_s) break;
    if (send(fd, msg, l.size, 0) != (ssize_t)l.size) die("send");
    ssize_t r = recv(fd, got, 65536, 0);
    if (r < 0 && (errno == EAGAIN || errno == ECONNREFUSED)) {
      lost++;
      continue;
    }
    if (r < 0) die("receive the echo");
    double t1 = now();
    if ((size_t)r != l.size || memcmp(got, want, l.size) != 0) {
      fprintf(stderr, "driver: wrong echo (%zd bytes)\n", r);
      return 1;
    }
    if (!warming) rtt[n++] = t1 - t0;
    measured = t1 - start;
  }
  if (lost >= 50) {
    fprintf(stderr, "driver: 50 datagrams lost\n");
    return 1;
  }
  double server1 = process_cpu(l.pid);
  report(rtt, n, measured, cpu_seconds() - cpu0, lost, server0 >= 0 && server1 >= 0 ? server1 - server0 : -1);
  return 0;
}

static int listening(int type, int port) {
  int fd = socket(AF_INET, type, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(port);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
  if (type == SOCK_STREAM && listen(fd, 5) != 0) die("listen");
  return fd;
}

/* The tutorial's TCP server in C: print each message, send it back upper-cased. */
static int tcp_server(int argc, char **argv) {
  if (argc < 3) return 2;
  int s = listening(SOCK_STREAM, atoi(argv[2]));
  static const char started[] = "服务器已启动，等待客户端连接...\n";
  write_all(1, (const unsigned char *)started, sizeof started - 1);
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  int c = accept(s, (struct sockaddr *)&peer, &len), one = 1;
  if (c < 0) die("accept");
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  printf("与 ('%s', %d) 建立连接\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
  fflush(stdout);
  static unsigned char buf[65536];
  static char prefix[] = "收到消息: ";
  for (;;) {
    ssize_t n = read(c, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    struct iovec line[] = {{prefix, sizeof prefix - 1}, {buf, (size_t)n}, {"\n", 1}};
    if (writev(1, line, 3) < 0) die("print");
    upper(buf, (size_t)n);
    write_all(c, buf, (size_t)n);
  }
  printf("与 ('%s', %d) 的连接已断开\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
  return 0;
}

/* The tutorial's UDP server in C: print each datagram, send it back upper-cased. */
static int udp_server(int argc, char **argv) {
  if (argc < 3) return 2;
  int s = listening(SOCK_DGRAM, atoi(argv[2]));
  static const char started[] = "UDP 服务器已启动，等待消息...\n";
  write_all(1, (const unsigned char *)started, sizeof started - 1);
  static unsigned char buf[65536];
  for (;;) {
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die("recvfrom");
    char prefix[80];
    int p = snprintf(prefix, sizeof prefix, "收到来自 ('%s', %d) 的消息: ",
                     inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
    struct iovec line[] = {{prefix, (size_t)p}, {buf, (size_t)n}, {"\n", 1}};
    if (writev(1, line, 3) < 0) die("print");
    upper(buf, (size_t)n);
    sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&peer, len);
  }
}

static pid_t child;

static void forward(int sig) {
  if (child > 0) kill(child, sig);
}

static void on_alarm(int sig) {
  (void)sig;
  if (child > 0) kill(child, SIGKILL);
}

/* fork() + exec() of argv with stdin from /dev/null and the given stdout and stderr. */
static pid_t spawn(char **argv, int out, int err) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(out < 0 ? null : out, 1);
    dup2(err < 0 ? null : err, 2);
    execvp(argv[0], argv);
    fprintf(stderr, "driver: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  return pid;
}

static int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char **command_after_dashes(int argc, char **argv) {
  for (int i = 1; i < argc - 1; i++)
    if (strcmp(argv[i], "--") == 0) return argv + i + 1;
  fprintf(stderr, "driver: no command after --\n");
  exit(2);
}

static int run(int argc, char **argv) {
  if (argc < 7) return 2;
  char **command = command_after_dashes(argc, argv);
  const char *stamp = argc > 7 && strcmp(argv[5], "--stamp") == 0 ? argv[6] : NULL;
  int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0 || err < 0) die("open the output files");
  signal(SIGTERM, forward);
  signal(SIGINT, forward);
  signal(SIGALRM, on_alarm);
  alarm(CHILD_TIMEOUT_S);
  int pipe_out[2], pipe_err[2];
  if (stamp && (pipe(pipe_out) != 0 || pipe(pipe_err) != 0)) die("pipe");
  child = spawn(command, stamp ? pipe_out[1] : out, stamp ? pipe_err[1] : err);
  char pid_path[4096];
  snprintf(pid_path, sizeof pid_path, "%s.pid", argv[4]);
  FILE *pid_file = fopen(pid_path, "w");
  if (!pid_file) die("write the pid file");
  fprintf(pid_file, "%d\n", child);
  fclose(pid_file);
  double stamped = 0, ended;
  if (stamp) {
    close(pipe_out[1]);
    close(pipe_err[1]);
    /* Copy both streams to their files; note when TEXT first shows (a line is not split). */
    struct pollfd fds[2] = {{pipe_out[0], POLLIN, 0}, {pipe_err[0], POLLIN, 0}};
    int files[2] = {out, err}, open_streams = 2;
    static char buf[65536];
    while (open_streams > 0) {
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        die("poll");
      }
      for (int i = 0; i < 2; i++) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
        ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n <= 0) {
          fds[i].fd = -1;
          open_streams--;
          continue;
        }
        if (!stamped && memmem(buf, (size_t)n, stamp, strlen(stamp))) stamped = now();
        write_all(files[i], (unsigned char *)buf, (size_t)n);
      }
    }
  }
  int status;
  struct rusage usage;
  while (wait4(child, &status, 0, &usage) < 0)
    if (errno != EINTR) die("wait");
  ended = now();
  FILE *f = fopen(argv[4], "w");
  if (!f) die("write the status file");
  double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
               usage.ru_stime.tv_usec / 1e6;
  fprintf(f, "%ld %d %.6f %.6f\n", usage.ru_maxrss, exit_code(status),
          stamp && stamped ? ended - stamped : -1.0, cpu);
  fclose(f);
  return 0;
}

static int startup(int argc, char **argv) {
  if (argc < 5) return 2;
  const char *text = argv[2];
  char **command = command_after_dashes(argc, argv);
  int p[2];
  if (pipe(p) != 0) die("pipe");
  signal(SIGALRM, on_alarm);
  alarm(30);
  double t0 = now();
  child = spawn(command, p[1], -1);
  close(p[1]);
  static char seen[65536];
  size_t have = 0;
  double t1 = -1;
  for (;;) {
    ssize_t n = read(p[0], seen + have, sizeof seen - 1 - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    have += (size_t)n;
    if (memmem(seen, have, text, strlen(text))) {
      t1 = now();
      break;
    }
    if (have == sizeof seen - 1) have = 0;
  }
  kill(child, SIGKILL);
  int status;
  waitpid(child, &status, 0);
  if (t1 < 0) {
    fprintf(stderr, "driver: %s never printed its line\n", command[0]);
    return 1;
  }
  printf("{\"us\":%.1f}\n", (t1 - t0) * 1e6);
  return 0;
}

static int exit_time(int argc, char **argv) {
  char **command = command_after_dashes(argc, argv);
  signal(SIGALRM, on_alarm);
  alarm(30);
  double t0 = now();
  child = spawn(command, -1, -1);
  int status;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) die("wait");
  printf("{\"us\":%.1f,\"code\":%d}\n", (now() - t0) * 1e6, exit_code(status));
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "tcp-echo") == 0) return tcp_echo(argc, argv);
  if (strcmp(mode, "udp-echo") == 0) return udp_echo(argc, argv);
  if (strcmp(mode, "tcp-server") == 0) return tcp_server(argc, argv);
  if (strcmp(mode, "udp-server") == 0) return udp_server(argc, argv);
  if (strcmp(mode, "run") == 0) return run(argc, argv);
  if (strcmp(mode, "startup") == 0) return startup(argc, argv);
  if (strcmp(mode, "exit") == 0) return exit_time(argc, argv);
  fprintf(stderr, "driver: usage: driver tcp-echo|udp-echo|tcp-server|udp-server|run|startup|exit ...\n");
  return 2;
}
