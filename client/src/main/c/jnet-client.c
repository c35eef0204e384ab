/*
 * jnet's native client: what runtimes exec as dist/cni/{bridge,host-local,portmap,firewall} and what users run
 * as dist/bin/jnet. It dispatches on the name it was called by, forwards the call (arguments, the whole
 * environment, working directory, umask, namespaces, stdin) to the resident jnet engine over a Unix socket, and
 * relays the engine's stdout, stderr and exit status. With no engine answering it starts one (detached, in its
 * own session; a lock makes concurrent first calls start one) and waits a short while; when that fails, when
 * the engine sends it away, or with JNET_ENGINE=off, it execs the per-call JVM launcher (lib/jvm/NAME), so no
 * call ever depends on the engine. Framing: engine/src/main/java/io/jnet/engine/Frames.java.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL 1
#define MAX_FRAME (1 << 20)
#define MAX_STDIN (16 << 20)

extern char **environ;

static const char *const PROGRAMS[] = {"bridge", "host-local", "portmap", "firewall", "jnet", NULL};
static const char *name;   /* the program: basename of argv[0] */
static char dist[PATH_MAX - 64]; /* the dist directory: ../.. of this executable */
static int debug;

static void note(const char *fmt, ...) {
    if (!debug) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "jnet-client: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int is_cli(void) { return strcmp(name, "jnet") == 0; }

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long env_seconds(const char *var, long dflt) {
    const char *v = getenv(var);
    if (!v || !*v) return dflt;
    char *end;
    long s = strtol(v, &end, 10);
    return (*end || s < 0) ? dflt : s;
}

/* --- the fallback: the per-call JVM launcher, fed what we already read of stdin --------------------------- */

static unsigned char *in_buf;
static size_t in_len;
static int in_read; /* stdin was consumed into in_buf */

static void run_jvm(char **argv) __attribute__((noreturn));
static void run_jvm(char **argv) {
    char launcher[PATH_MAX];
    snprintf(launcher, sizeof launcher, "%s/lib/jvm/%s", dist, name);
    if (in_read) {
        /* Hand the launcher the bytes we took from stdin, through an in-memory file. */
        int fd = memfd_create("jnet-stdin", 0);
        if (fd >= 0) {
            size_t off = 0;
            while (off < in_len) {
                ssize_t n = write(fd, in_buf + off, in_len - off);
                if (n <= 0) break;
                off += (size_t)n;
            }
            lseek(fd, 0, SEEK_SET);
            dup2(fd, 0);
            close(fd);
        }
    }
    argv[0] = launcher;
    execv(launcher, argv);
    fprintf(stderr, "jnet-client: cannot run %s: %s\n", launcher, strerror(errno));
    if (!is_cli())
        printf("{\n    \"cniVersion\": \"1.1.0\",\n    \"code\": 5,\n    \"msg\": \"cannot run the jnet launcher\",\n"
               "    \"details\": \"%s\"\n}", launcher);
    exit(1);
}

/* --- small file and buffer helpers ------------------------------------------------------------------------ */

static int read_line_file(const char *path, char *out, size_t cap) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, out, cap - 1);
    close(fd);
    if (n <= 0) return -1;
    out[n] = 0;
    out[strcspn(out, "\r\n")] = 0;
    return out[0] ? 0 : -1;
}

typedef struct { unsigned char *p; size_t len, cap; } buf_t;

static void buf_put(buf_t *b, const void *data, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p) { perror("jnet-client"); exit(1); }
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put_u32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static uint32_t get_u32(const unsigned char *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static void frame(buf_t *b, char type, const void *data, size_t n) {
    unsigned char head[5];
    head[0] = (unsigned char)type;
    put_u32(head + 1, (uint32_t)n);
    buf_put(b, head, 5);
    if (n) buf_put(b, data, n);
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads exactly n bytes; with a deadline (ms since boot, 0 for none). 0 ok, -1 error/EOF, -2 timeout. */
static int read_full(int fd, unsigned char *p, size_t n, long long deadline) {
    while (n) {
        if (deadline) {
            long long left = deadline - now_ms();
            if (left <= 0) return -2;
            struct pollfd pf = {fd, POLLIN, 0};
            int r = poll(&pf, 1, (int)left);
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) return -2;
        }
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* --- talking to the engine --------------------------------------------------------------------------------- */

static char sock_path[PATH_MAX], dir[PATH_MAX - 64], build[256];

static int connect_engine(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(sock_path) >= sizeof a.sun_path) { close(fd); return -1; }
    strcpy(a.sun_path, sock_path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return -1; }
    return fd;
}

static unsigned long long ns_inode(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

static void build_request(buf_t *b, int argc, char **argv) {
    unsigned char hello[4 + sizeof build];
    put_u32(hello, PROTOCOL);
    size_t bl = strlen(build);
    memcpy(hello + 4, build, bl);
    frame(b, 'H', hello, 4 + bl);
    frame(b, 'P', name, strlen(name));
    for (int i = 1; i < argc; i++) frame(b, 'A', argv[i], strlen(argv[i]));
    for (char **e = environ; *e; e++) frame(b, 'E', *e, strlen(*e));
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
    frame(b, 'D', cwd, strlen(cwd));
    mode_t m = umask(0);
    umask(m);
    unsigned char u[4];
    put_u32(u, (uint32_t)m);
    frame(b, 'U', u, 4);
    unsigned char ns[16];
    unsigned long long net = ns_inode("/proc/self/ns/net"), mnt = ns_inode("/proc/self/ns/mnt");
    for (int i = 0; i < 8; i++) { ns[i] = (unsigned char)(net >> (56 - 8 * i)); ns[8 + i] = (unsigned char)(mnt >> (56 - 8 * i)); }
    frame(b, 'N', ns, 16);
    for (size_t off = 0; off < in_len; off += MAX_FRAME) {
        size_t n = in_len - off < MAX_FRAME ? in_len - off : MAX_FRAME;
        frame(b, 'I', in_buf + off, n);
    }
    frame(b, '.', NULL, 0);
}

/* A plugin's error when the engine vanished mid-call: a CNI error on stdout; the CLI's: one line. */
static void lost_engine(void) __attribute__((noreturn));
static void lost_engine(void) {
    if (is_cli()) {
        fprintf(stderr, "jnet: the jnet engine ended during the command (hint: run it again; JNET_ENGINE=off runs without the engine)\n");
    } else {
        printf("{\n    \"cniVersion\": \"1.1.0\",\n    \"code\": 11,\n    \"msg\": \"the jnet engine ended during the call\",\n"
               "    \"details\": \"what the call did is cleaned up by DEL, as after a killed plugin\"\n}");
        fflush(stdout);
    }
    exit(1);
}

enum outcome { SERVED, FALLBACK, MISMATCH, NO_ANSWER };

/* Sends the request and relays the answer; returns only when the call did not run in the engine. */
static enum outcome call_engine(int fd, const buf_t *req) {
    if (write_all(fd, req->p, req->len) != 0) return NO_ANSWER;
    long long wait = now_ms() + env_seconds("JNET_ENGINE_WAIT", 5) * 1000;
    int going = 0;
    unsigned char *payload = malloc(MAX_FRAME);
    if (!payload) return NO_ANSWER;
    for (;;) {
        unsigned char head[5];
        int r = read_full(fd, head, 5, going ? 0 : wait);
        if (r != 0) {
            if (going) lost_engine();
            note("engine %s before accepting the call", r == -2 ? "did not answer" : "hung up");
            return NO_ANSWER;
        }
        uint32_t len = get_u32(head + 1);
        if (len > MAX_FRAME || read_full(fd, payload, len, going ? 0 : wait) != 0) {
            if (going) lost_engine();
            return NO_ANSWER;
        }
        switch (head[0]) {
        case 'R': {
            unsigned char go[5] = {'G', 0, 0, 0, 0};
            if (write_all(fd, go, 5) != 0) return NO_ANSWER;
            going = 1; /* from here on the call is the engine's: never run it a second time */
            break;
        }
        case 'F':
            note("engine sends us to the JVM: %.*s", (int)len, payload);
            return FALLBACK;
        case 'M':
            note("engine is of build %.*s, we are %s: replacing it", (int)len, payload, build);
            return MISMATCH;
        case '1':
            (void)write_all(1, payload, len);
            going = 1;
            break;
        case '2':
            (void)write_all(2, payload, len);
            going = 1;
            break;
        case 'X':
            exit(len == 4 ? (int)get_u32(payload) : 1);
        default:
            if (going) lost_engine();
            return NO_ANSWER;
        }
    }
}

/* Starts an engine in its own session, detached from us and our runtime; its output goes to engine.log. */
static void spawn_engine(void) {
    pid_t child = fork();
    if (child < 0) return;
    if (child == 0) {
        setsid();
        if (fork() != 0) _exit(0); /* the engine is nobody's child: reparented, never reaped by the runtime */
        if (chdir("/") != 0) _exit(1);
        umask(022);
        char log[PATH_MAX];
        snprintf(log, sizeof log, "%s/engine.log", dir);
        int lf = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int nul = open("/dev/null", O_RDONLY);
        if (lf < 0 || nul < 0) _exit(1);
        dup2(nul, 0);
        dup2(lf, 1);
        dup2(lf, 2);
        for (int fd = 3; fd < 1024; fd++) close(fd);
        /* The engine's own environment is fixed: each call brings its caller's. */
        static char *env[8];
        int n = 0;
        env[n++] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        env[n++] = "MALLOC_ARENA_MAX=2"; /* one arena per call thread would grow the RSS */
        static char idle[64], timeout[64];
        const char *v;
        if ((v = getenv("JNET_ENGINE_IDLE")) && strlen(v) < 32) { snprintf(idle, sizeof idle, "JNET_ENGINE_IDLE=%s", v); env[n++] = idle; }
        if ((v = getenv("JNET_ENGINE_CALL_TIMEOUT")) && strlen(v) < 32) { snprintf(timeout, sizeof timeout, "JNET_ENGINE_CALL_TIMEOUT=%s", v); env[n++] = timeout; }
        env[n] = NULL;
        char launcher[PATH_MAX];
        snprintf(launcher, sizeof launcher, "%s/lib/jvm/engine", dist);
        char *args[] = {launcher, "--dir", dir, NULL};
        execve(launcher, args, env);
        _exit(127);
    }
    waitpid(child, NULL, 0);
}

/* Bazel-style: under the start lock, whoever finds no engine starts one; the others then find it. */
static int start_engine(void) {
    if (geteuid() != 0) return -1;
    mkdir(dir, 0700);
    char lock[PATH_MAX];
    snprintf(lock, sizeof lock, "%s/engine.lock", dir);
    int lf = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lf < 0) return -1;
    long long deadline = now_ms() + env_seconds("JNET_ENGINE_START_WAIT", 5) * 1000;
    while (flock(lf, LOCK_EX | LOCK_NB) != 0) {
        if (now_ms() > deadline) { close(lf); return -1; }
        usleep(5000);
    }
    int fd = connect_engine(); /* someone else may have started it while we waited */
    if (fd < 0) {
        note("starting an engine in %s", dir);
        spawn_engine();
        for (int pause = 2000; (fd = connect_engine()) < 0 && now_ms() < deadline; pause = pause < 20000 ? pause * 2 : pause)
            usleep(pause);
    }
    close(lf);
    return fd;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    const char *slash = strrchr(argv[0], '/');
    name = slash ? slash + 1 : argv[0];
    int known = 0;
    for (int i = 0; PROGRAMS[i]; i++) known |= strcmp(name, PROGRAMS[i]) == 0;
    if (!known) {
        fprintf(stderr, "jnet-client: called as \"%s\"; install me as bridge, host-local, portmap, firewall or jnet\n", name);
        return 1;
    }
    debug = getenv("JNET_ENGINE_DEBUG") != NULL;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) { perror("jnet-client: /proc/self/exe"); return 1; }
    exe[n] = 0;
    for (int up = 0; up < 2; up++) { char *s = strrchr(exe, '/'); if (s) *s = 0; }
    snprintf(dist, sizeof dist, "%s", exe[0] ? exe : "/");

    const char *mode = getenv("JNET_ENGINE");
    if (mode && strcmp(mode, "off") == 0) run_jvm(argv);

    char path[PATH_MAX];
    const char *d = getenv("JNET_ENGINE_DIR");
    if (d && *d) snprintf(dir, sizeof dir, "%s", d);
    else if (snprintf(path, sizeof path, "%s/lib/engine.dir", dist), read_line_file(path, dir, sizeof dir) != 0)
        strcpy(dir, "/run/jnet");
    snprintf(sock_path, sizeof sock_path, "%s/engine.sock", dir);
    snprintf(path, sizeof path, "%s/lib/build-id", dist);
    if (read_line_file(path, build, sizeof build) != 0) strcpy(build, "dev");

    if (!is_cli()) { /* a plugin's stdin is its config: read it whole, it goes in the request */
        in_read = 1;
        size_t cap = 65536;
        in_buf = malloc(cap);
        for (;;) {
            if (in_len == cap) {
                if (cap >= MAX_STDIN) run_jvm(argv); /* too big for a frame set: the JVM reads the rest itself */
                in_buf = realloc(in_buf, cap *= 2);
            }
            ssize_t r = read(0, in_buf + in_len, cap - in_len);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            in_len += (size_t)r;
        }
    }
    buf_t req = {0};
    build_request(&req, argc, argv);

    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = connect_engine();
        if (fd < 0) fd = start_engine();
        if (fd < 0) { note("no engine at %s", sock_path); break; }
        enum outcome o = call_engine(fd, &req);
        close(fd);
        if (o != MISMATCH) break;
        usleep(20000); /* the old engine gives up its socket at once; ours starts next */
    }
    run_jvm(argv);
}
